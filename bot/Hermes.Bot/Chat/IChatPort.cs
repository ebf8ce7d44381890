namespace Hermes.Bot.Chat;

/// <summary>
/// The bot's seam to chat: ask a person, update that message, post to a channel, open an incident room. Every call
/// carries an idempotency key; repeating a call with the same key returns the first call's result and sends nothing.
/// The web console implements it today; Slack's Web API is the other transport.
/// </summary>
public interface IChatPort
{
    /// <summary>
    /// The chat user id for an owner as the ownership catalog names them (a user id, or an email the transport can
    /// look up); null when the person cannot be reached there.
    /// </summary>
    Task<string?> ResolveUserAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="user"/> is in the conversation a message was posted to (who may answer a team question).</summary>
    Task<bool> IsInConversationAsync(string messageRef, string user, CancellationToken cancellationToken);

    /// <summary>Sends a direct message; returns a reference to update it later.</summary>
    Task<string> SendDirectAsync(string user, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken);

    /// <summary>Replies under a message sent earlier (Slack: in its thread); returns the reply's reference.</summary>
    Task<string> ReplyAsync(string messageRef, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken);

    Task<string> PostAsync(string channel, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken);

    Task UpdateAsync(string messageRef, ChatMessage message, CancellationToken cancellationToken);

    /// <summary>Creates (or finds, for the same key) a channel with these members; returns its name.</summary>
    Task<string> OpenIncidentRoomAsync(string name, IReadOnlyList<string> members, string idempotencyKey, long caseId, CancellationToken cancellationToken);
}

/// <summary>A failure that retrying cannot fix (unknown user, archived channel): the effect fails at once.</summary>
public sealed class ChatPermanentException(string message) : Exception(message);
