using System.Text.Json.Nodes;
using Hermes.Slack.BlockKit;

namespace Hermes.Slack.Api;

/// <summary>A posted message: where and which (Slack identifies a message by channel and <c>ts</c>).</summary>
public sealed record SlackMessageRef(string Channel, string Ts)
{
    public override string ToString() => $"{Channel}/{Ts}";

    public static SlackMessageRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? new SlackMessageRef(text[..slash], text[(slash + 1)..]) : throw new FormatException($"'{text}' is not channel/ts");
    }
}

/// <summary>The Web API methods Hermes uses, typed: arguments in, the fields Hermes needs out.</summary>
public sealed class SlackMethods(SlackApiClient api, ChannelPacer pacer)
{
    public Task<SlackMessageRef> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs, CancellationToken ct) =>
        pacer.RunAsync(channel, async () =>
        {
            var answer = await api.CallAsync("chat.postMessage", new Dictionary<string, string?>
            {
                ["channel"] = channel, ["text"] = BlockLimits.TruncateText(text, BlockLimits.MessageText), ["blocks"] = blocks is null ? null : BlockLimits.Enforce(blocks).ToJsonString(), ["thread_ts"] = threadTs,
                ["unfurl_links"] = "false", ["unfurl_media"] = "false",
            }, ct).ConfigureAwait(false);
            return new SlackMessageRef(answer["channel"]!.GetValue<string>(), answer["ts"]!.GetValue<string>());
        }, ct);

    public Task UpdateAsync(SlackMessageRef message, string text, JsonArray? blocks, CancellationToken ct) =>
        api.CallAsync("chat.update", new Dictionary<string, string?>
        {
            ["channel"] = message.Channel, ["ts"] = message.Ts, ["text"] = BlockLimits.TruncateText(text, BlockLimits.MessageText), ["blocks"] = blocks is null ? "[]" : BlockLimits.Enforce(blocks).ToJsonString(),
        }, ct);

    public Task PostEphemeralAsync(string channel, string user, string text, CancellationToken ct) =>
        api.CallAsync("chat.postEphemeral", new Dictionary<string, string?> { ["channel"] = channel, ["user"] = user, ["text"] = text }, ct);

    /// <summary>The DM channel with these users (opened if needed).</summary>
    public async Task<string> OpenConversationAsync(IReadOnlyList<string> users, CancellationToken ct) =>
        (await api.CallAsync("conversations.open", new Dictionary<string, string?> { ["users"] = string.Join(',', users) }, ct).ConfigureAwait(false))
            ["channel"]!["id"]!.GetValue<string>();

    public async Task<string> CreateConversationAsync(string name, bool isPrivate, CancellationToken ct) =>
        (await api.CallAsync("conversations.create", new Dictionary<string, string?> { ["name"] = name, ["is_private"] = isPrivate ? "true" : "false" }, ct).ConfigureAwait(false))
            ["channel"]!["id"]!.GetValue<string>();

    public Task InviteAsync(string channel, IReadOnlyList<string> users, CancellationToken ct) =>
        api.CallAsync("conversations.invite", new Dictionary<string, string?> { ["channel"] = channel, ["users"] = string.Join(',', users) }, ct);

    public Task SetTopicAsync(string channel, string topic, CancellationToken ct) =>
        api.CallAsync("conversations.setTopic", new Dictionary<string, string?> { ["channel"] = channel, ["topic"] = topic }, ct);

    /// <summary>The user id for an email, or null when Slack has no such user.</summary>
    public async Task<string?> LookupByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            return (await api.CallAsync("users.lookupByEmail", new Dictionary<string, string?> { ["email"] = email }, ct).ConfigureAwait(false))
                ["user"]!["id"]!.GetValue<string>();
        }
        catch (SlackApiException e) when (e.Error is "users_not_found" or "user_not_found")
        {
            return null;
        }
    }

    /// <summary>Every member of a conversation (cursor-paginated, 200 a page).</summary>
    public async Task<IReadOnlyList<string>> ConversationMembersAsync(string channel, CancellationToken ct)
    {
        var members = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.CallAsync("conversations.members", new Dictionary<string, string?> { ["channel"] = channel, ["limit"] = "200", ["cursor"] = cursor }, ct).ConfigureAwait(false);
            members.AddRange(page["members"]!.AsArray().Select(m => m!.GetValue<string>()));
            cursor = page["response_metadata"]?["next_cursor"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(cursor));
        return members;
    }

    public async Task<IReadOnlyList<string>> UsergroupUsersAsync(string usergroup, CancellationToken ct) =>
        (await api.CallAsync("usergroups.users.list", new Dictionary<string, string?> { ["usergroup"] = usergroup }, ct).ConfigureAwait(false))
            ["users"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();

    /// <summary>Opens a modal (within 3 seconds of the interaction that gave <paramref name="triggerId"/>).</summary>
    public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        api.CallAsync("views.open", new Dictionary<string, string?> { ["trigger_id"] = triggerId, ["view"] = view.ToJsonString() }, ct);

    public async Task<string> AuthTestAsync(CancellationToken ct) =>
        (await api.CallAsync("auth.test", new Dictionary<string, string?>(), ct).ConfigureAwait(false))["user_id"]!.GetValue<string>();
}
