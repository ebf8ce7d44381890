using System.Text.Json.Nodes;
using Hermes.Slack.Api;
using Hermes.Tests.Shared;
using Microsoft.Extensions.Options;

namespace Hermes.Slack.Tests.Api;

/// <summary>The Web API client against the Slack double (a real HTTP server checking every call against Slack's documented arguments).</summary>
public sealed class SlackApiClientTests : IAsyncLifetime
{
    private SlackDouble _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackDouble.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_slack.Violations);
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    private SlackMethods Methods(string token = SlackDouble.Token, int maxAttempts = 4)
    {
        var options = Options.Create(new SlackOptions { BotToken = token, ApiBaseUrl = _slack.ApiBaseUrl, MaxAttempts = maxAttempts, ChannelSpacing = TimeSpan.Zero });
        return new SlackMethods(new SlackApiClient(_http, options, TimeProvider.System), new ChannelPacer(TimeSpan.Zero, TimeProvider.System));
    }

    [Fact]
    public async Task PostMessage_ThenUpdate_ChangesTheMessage()
    {
        var channel = _slack.AddChannel("alerts");
        var blocks = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "hi" } });
        var posted = await Methods().PostMessageAsync(channel.Id, "hi", blocks, null, CancellationToken.None);
        Assert.Equal(channel.Id, posted.Channel);
        await Methods().UpdateAsync(posted, "bye", null, CancellationToken.None);
        var message = Assert.Single(_slack.MessagesIn(channel.Id));
        Assert.Equal("bye", message.Text);
        Assert.Equal(posted, SlackMessageRef.Parse(posted.ToString()));
    }

    [Fact]
    public async Task OkFalse_IsATypedErrorWithMethodAndCode_AndPermanentOnesAreNotRetried()
    {
        var channel = _slack.AddChannel("old");
        channel.IsArchived = true;
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Methods().PostMessageAsync(channel.Id, "x", null, null, CancellationToken.None));
        Assert.Equal(("chat.postMessage", "is_archived", true), (error.Method, error.Error, error.Permanent));
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task RateLimited_WaitsForRetryAfterAndSucceeds()
    {
        var channel = _slack.AddChannel("busy");
        _slack.RateLimitNext = 2;
        await Methods().PostMessageAsync(channel.Id, "eventually", null, null, CancellationToken.None);
        Assert.Equal(3, _slack.Calls.Count);
        Assert.Single(_slack.MessagesIn(channel.Id));
    }

    [Fact]
    public async Task RateLimitStorm_GivesUpAfterTheBoundAsARetryableError()
    {
        var channel = _slack.AddChannel("storm");
        _slack.RateLimitNext = 100;
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Methods(maxAttempts: 2).PostMessageAsync(channel.Id, "x", null, null, CancellationToken.None));
        Assert.Equal("rate_limited", error.Error);
        Assert.False(error.Permanent);
        Assert.Equal(2, _slack.Calls.Count);
    }

    [Fact]
    public async Task WrongToken_IsInvalidAuth() =>
        Assert.Equal("invalid_auth", (await Assert.ThrowsAsync<SlackApiException>(() => Methods("xoxb-wrong").AuthTestAsync(CancellationToken.None))).Error);

    [Fact]
    public async Task Conversations_OpenCreateInviteTopic()
    {
        var alice = _slack.AddUser("alice", "alice@example.com");
        var methods = Methods();
        var dm = await methods.OpenConversationAsync([alice], CancellationToken.None);
        Assert.Equal(dm, await methods.OpenConversationAsync([alice], CancellationToken.None));
        var room = await methods.CreateConversationAsync("inc-2026-11-23-42-shell", isPrivate: true, CancellationToken.None);
        await methods.InviteAsync(room, [alice], CancellationToken.None);
        await methods.SetTopicAsync(room, "Case 42", CancellationToken.None);
        Assert.Contains(alice, _slack.Channels[room].Members);
        Assert.True(_slack.Channels[room].IsPrivate);
        Assert.Equal("name_taken", (await Assert.ThrowsAsync<SlackApiException>(() => methods.CreateConversationAsync("inc-2026-11-23-42-shell", true, CancellationToken.None))).Error);
    }

    [Fact]
    public async Task LookupByEmail_UnknownIsNull()
    {
        var alice = _slack.AddUser("alice", "alice@example.com");
        Assert.Equal(alice, await Methods().LookupByEmailAsync("ALICE@example.com", CancellationToken.None));
        Assert.Null(await Methods().LookupByEmailAsync("nobody@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task PostMessage_OverBlockKitLimits_IsTruncatedNotRefused()
    {
        var channel = _slack.AddChannel("long");
        var blocks = new JsonArray(Enumerable.Range(0, 60).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = new string('x', 5000) },
        }).ToArray());
        await Methods().PostMessageAsync(channel.Id, new string('y', 50_000), blocks, null, CancellationToken.None);
        var message = Assert.Single(_slack.MessagesIn(channel.Id));
        Assert.Equal(50, message.Blocks.Count);
        Assert.Equal(3000, ((string)message.Blocks[0]!["text"]!["text"]!).Length);
        Assert.EndsWith("…", (string)message.Blocks[0]!["text"]!["text"]!, StringComparison.Ordinal);
        Assert.Contains("11 more blocks not shown", message.Blocks[49]!.ToJsonString(), StringComparison.Ordinal);
    }
}
