using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Hermes.Bot.Paging;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Chat;

/// <summary>
/// The built-in chat transport: messages are stored (the same Block Kit JSON Slack would get) and shown by the
/// web console at <c>/console</c>, one inbox per person (<c>user:alice</c>) and one page per channel
/// (<c>channel:#security-triage</c>). Without a paging provider, pages land in <c>pager:{on-call}</c>.
/// </summary>
public sealed class ConsoleChat(Database db, TimeProvider time) : IChatPort, IPagerPort
{
    public Task<string?> ResolveUserAsync(string owner, CancellationToken cancellationToken) => Task.FromResult<string?>(owner);

    // The console has no channel membership: whoever opens a channel page on this machine is in it.
    public Task<bool> IsInConversationAsync(string messageRef, string user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<string> SendDirectAsync(string user, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken) =>
        InsertAsync($"user:{user}", message, idempotencyKey, caseId, cancellationToken);

    public Task<string> PostAsync(string channel, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken) =>
        InsertAsync($"channel:{channel}", message, idempotencyKey, caseId, cancellationToken);

    public async Task<string> ReplyAsync(string messageRef, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var conversation = await connection.ExecuteScalarAsync<string?>("SELECT conversation FROM chat_messages WHERE id = @id",
            new { id = long.Parse(messageRef, CultureInfo.InvariantCulture) }).ConfigureAwait(false)
            ?? throw new ChatPermanentException($"message {messageRef} does not exist");
        return await InsertAsync(conversation, message, idempotencyKey, caseId, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateAsync(string messageRef, ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync("UPDATE chat_messages SET text = @Text, blocks = @blocks, updated_ms = @now WHERE id = @id",
            new { message.Text, blocks = message.Blocks.ToJsonString(), now = time.GetUtcNow().ToUnixTimeMilliseconds(), id = long.Parse(messageRef, CultureInfo.InvariantCulture) }).ConfigureAwait(false);
        if (rows == 0) throw new ChatPermanentException($"message {messageRef} does not exist");
    }

    public async Task<string> OpenIncidentRoomAsync(string name, IReadOnlyList<string> members, string idempotencyKey, long caseId, CancellationToken cancellationToken)
    {
        var channel = $"#{name}";
        var blocks = new JsonArray(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Mrkdwn.Escape($"Channel created; members: {string.Join(", ", members)}") }),
        });
        await PostAsync(channel, new ChatMessage($"{channel} created", blocks), idempotencyKey, caseId, cancellationToken).ConfigureAwait(false);
        return channel;
    }

    public Task PageAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return InsertAsync($"pager:{page.OnCall}", new ChatMessage($"[{page.Severity}] {page.Summary}", new JsonArray(new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*Page ({Mrkdwn.Escape(page.Severity)})*: {Mrkdwn.Escape(page.Summary)}" },
        })), $"page/{page.DedupKey}", page.CaseId, cancellationToken);
    }

    public async Task ResolveAsync(long caseId, string note, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var onCall = await connection.ExecuteScalarAsync<string?>("SELECT conversation FROM chat_messages WHERE idempotency_key = @key",
            new { key = $"page/{Page.DedupKeyFor(caseId)}" }).ConfigureAwait(false);
        if (onCall is null) return;
        await InsertAsync(onCall, new ChatMessage($"[resolved] case {caseId}: {note}", new JsonArray(new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*Resolved* case {caseId}: {Mrkdwn.Escape(note)}" },
        })), $"page/{Page.DedupKeyFor(caseId)}/resolve", caseId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> InsertAsync(string conversation, ChatMessage message, string idempotencyKey, long caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var id = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO chat_messages (idempotency_key, conversation, case_id, text, blocks, created_ms, updated_ms)
            VALUES (@idempotencyKey, @conversation, @caseId, @Text, @blocks, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """, new { idempotencyKey, conversation, caseId, message.Text, blocks = message.Blocks.ToJsonString(), now }).ConfigureAwait(false)
            ?? await connection.ExecuteScalarAsync<long>("SELECT id FROM chat_messages WHERE idempotency_key = @idempotencyKey", new { idempotencyKey }).ConfigureAwait(false);
        return id.ToString(CultureInfo.InvariantCulture);
    }
}
