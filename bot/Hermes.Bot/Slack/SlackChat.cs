using Dapper;
using Hermes.Bot.Chat;
using Hermes.Bot.Storage;
using Hermes.Slack.Api;

namespace Hermes.Bot.Slack;

/// <summary>
/// The chat port on Slack's Web API. Slack has no idempotency keys, so each key's result (channel/ts) is recorded in
/// <c>chat_messages</c> and a repeated key returns it without posting. A crash between Slack's answer and that record
/// can still post twice: at-least-once, the best a non-idempotent API allows.
/// </summary>
public sealed class SlackChat(SlackMethods slack, Database db, TimeProvider time) : IChatPort
{
    public async Task<string?> ResolveUserAsync(string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Contains('@', StringComparison.Ordinal)) return await slack.LookupByEmailAsync(owner, cancellationToken).ConfigureAwait(false);
        // Slack user ids: U… (or W… on Enterprise Grid); anything else is not a Slack identity.
        return owner.Length > 1 && owner[0] is 'U' or 'W' && owner.All(char.IsAsciiLetterOrDigit) ? owner : null;
    }

    public async Task<bool> IsInConversationAsync(string messageRef, string user, CancellationToken cancellationToken) =>
        (await slack.ConversationMembersAsync(SlackMessageRef.Parse(messageRef).Channel, cancellationToken).ConfigureAwait(false)).Contains(user, StringComparer.Ordinal);

    public Task<string> SendDirectAsync(string user, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken) =>
        OnceAsync(idempotencyKey, caseId, message, async () =>
        {
            var dm = await slack.OpenConversationAsync([user], cancellationToken).ConfigureAwait(false);
            return await Post(dm, message, null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<string> ReplyAsync(string messageRef, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken)
    {
        var parent = SlackMessageRef.Parse(messageRef);
        return OnceAsync(idempotencyKey, caseId, message, () => Post(parent.Channel, message, parent.Ts, cancellationToken), cancellationToken);
    }

    public Task<string> PostAsync(string channel, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken) =>
        OnceAsync(idempotencyKey, caseId, message, () => Post(channel, message, null, cancellationToken), cancellationToken);

    public async Task UpdateAsync(string messageRef, ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await Permanent(() => slack.UpdateAsync(SlackMessageRef.Parse(messageRef), message.Text, message.Blocks, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>A private channel with the members invited and the case in its topic; returns the channel id.</summary>
    public Task<string> OpenIncidentRoomAsync(string name, IReadOnlyList<string> members, string idempotencyKey, long caseId, CancellationToken cancellationToken) =>
        OnceAsync(idempotencyKey, caseId, new ChatMessage($"incident room {name}", []), async () =>
        {
            var channel = await slack.CreateConversationAsync(Name(name), isPrivate: true, cancellationToken).ConfigureAwait(false);
            var users = members.Where(m => m.Length > 1 && m[0] is 'U' or 'W').ToList();
            if (users.Count > 0) await slack.InviteAsync(channel, users, cancellationToken).ConfigureAwait(false);
            await slack.SetTopicAsync(channel, $"Hermes case {caseId}", cancellationToken).ConfigureAwait(false);
            return new SlackMessageRef(channel, "0");
        }, cancellationToken, reference => SlackMessageRef.Parse(reference).Channel);

    private async Task<SlackMessageRef> Post(string channel, ChatMessage message, string? threadTs, CancellationToken cancellationToken) =>
        await Permanent(() => slack.PostMessageAsync(channel, message.Text, message.Blocks, threadTs, cancellationToken)).ConfigureAwait(false);

    private async Task<string> OnceAsync(string key, long caseId, ChatMessage message, Func<Task<SlackMessageRef>> send, CancellationToken cancellationToken,
        Func<string, string>? project = null)
    {
        project ??= reference => reference;
        await using (var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var done = await connection.ExecuteScalarAsync<string?>("SELECT external_ref FROM chat_messages WHERE idempotency_key = @key", new { key }).ConfigureAwait(false);
            if (done is not null) return project(done);
        }
        var sent = await send().ConfigureAwait(false);
        await using (var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await connection.ExecuteAsync("""
                INSERT INTO chat_messages (idempotency_key, conversation, case_id, text, blocks, created_ms, updated_ms, external_ref)
                VALUES (@key, @conversation, @caseId, @Text, @blocks, @now, @now, @reference) ON CONFLICT (idempotency_key) DO NOTHING
                """, new { key, conversation = $"slack:{sent.Channel}", caseId, message.Text, blocks = message.Blocks.ToJsonString(), now, reference = sent.ToString() }).ConfigureAwait(false);
        }
        return project(sent.ToString());
    }

    // The effect worker never retries a ChatPermanentException; Slack's permanent errors map onto it.
    private static async Task<T> Permanent<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SlackApiException e) when (e.Permanent)
        {
            throw new ChatPermanentException(e.Message);
        }
    }

    private static Task Permanent(Func<Task> call) => Permanent(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    // Slack channel names: lower case, digits, - and _, at most 80 characters.
    private static string Name(string name)
    {
        var clean = new string(name.ToLowerInvariant().Select(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());
        return clean.Length <= 80 ? clean : clean[..80];
    }
}
