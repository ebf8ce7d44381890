using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;
using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Slack;

/// <summary>Socket Mode end to end: the bot opens the connection itself, takes envelopes, acknowledges them, and reconnects on "disconnect".</summary>
public sealed class SocketModeTests : IAsyncLifetime
{
    private SlackDouble _slack = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private string _alice = "";

    public async Task InitializeAsync()
    {
        _slack = await SlackDouble.StartAsync();
        _alice = _slack.AddUser("alice", "alice@example.com");
        _slack.AddChannel("security-triage");
        _bot = new BotFactory(new Dictionary<string, string>
        {
            ["Slack:BotToken"] = SlackDouble.Token,
            ["Slack:AppToken"] = SlackDouble.AppToken,
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack:ChannelSpacing"] = "00:00:00",
        }, """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: {name: shop-frontend, annotations: {backstage.io/kubernetes-namespace: shop}}
            spec: {owner: user:alice}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: {name: alice}
            spec: {profile: {email: alice@example.com}}
            """);
        _client = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_slack.Violations);
        _client.Dispose();
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }

    [Fact]
    public async Task Envelopes_AreAcknowledgedAndHandled_AndDisconnectReconnects()
    {
        await Until(() => _slack.SocketConnections == 1);

        await _slack.SendEnvelopeAsync("slash_commands", new JsonObject { ["command"] = "/falcon", ["text"] = "help", ["user_id"] = _alice }, "env-1");
        await Until(() => _slack.SocketAcks.Any(a => (string?)a["envelope_id"] == "env-1"));
        var ack = _slack.SocketAcks.Single(a => (string?)a["envelope_id"] == "env-1");
        Assert.Contains("/falcon list", (string)ack["payload"]!["text"]!, StringComparison.Ordinal);

        await AlertPosts.PostAsync(_client, """{"rule":"Terminal shell in container","priority":"Warning","time":"2026-11-23T10:00:00Z","output":"shell","output_fields":{"k8s.ns.name":"shop","k8s.pod.name":"web-1","hermes.idempotency_key":"sm-1"}}""");
        long id = 0;
        await Until(() => (id = (long?)_client.GetFromJsonAsync<JsonArray>("/api/v1/cases?state=Asking").Result!.FirstOrDefault()?["id"] ?? 0) > 0);

        await _slack.DisconnectAsync("refresh_requested");
        await Until(() => _slack.SocketConnections == 2);

        await _slack.SendEnvelopeAsync("interactive", new JsonObject
        {
            ["type"] = "block_actions", ["user"] = new JsonObject { ["id"] = _alice },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "hermes_confirm", ["value"] = $"{id}" }),
        }, "env-2");
        await Until(() => _slack.SocketAcks.Any(a => (string?)a["envelope_id"] == "env-2"));
        await Until(() => (string?)_client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{id}").Result!["state"] == "Confirmed");
    }
}
