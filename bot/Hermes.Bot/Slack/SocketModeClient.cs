using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Slack.Api;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Slack;

/// <summary>
/// Slack's Socket Mode, for a bot with no public endpoint: <c>apps.connections.open</c> with the app-level token,
/// a WebSocket to the URL it returns, every envelope acknowledged by its <c>envelope_id</c> (with the response
/// payload for slash commands and modal errors), and a new connection when Slack sends <c>disconnect</c> or the
/// socket drops. Envelopes go to the same <see cref="SlackRouter"/> as the HTTP endpoints; Slack authenticates the
/// socket itself, so there is no request signature to check here.
/// </summary>
public sealed partial class SocketModeClient(SlackApiClient api, SlackRouter router, IOptions<SlackOptions> options, ILogger<SocketModeClient> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var appToken = options.Value.AppToken;
        if (string.IsNullOrEmpty(appToken)) return;
        int failures = 0, connections = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var opened = await api.CallAsync("apps.connections.open", new Dictionary<string, string?>(), stoppingToken, appToken).ConfigureAwait(false);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(opened["url"]!.GetValue<string>()), stoppingToken).ConfigureAwait(false);
                failures = 0;
                LogConnected(++connections);
                await ReceiveAsync(socket, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                LogConnectionFailed(e.Message, failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1))), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var envelope = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) as JsonObject;
            message.SetLength(0);
            if (envelope is null) continue;
            if (envelope["type"]?.GetValue<string>() == "disconnect")
            {
                LogDisconnect(envelope["reason"]?.GetValue<string>() ?? "unknown");
                return;
            }
            if (envelope["envelope_id"]?.GetValue<string>() is not { } id) continue;
            var ack = new JsonObject { ["envelope_id"] = id };
            if (await DispatchAsync(envelope, ct).ConfigureAwait(false) is { } payload) ack["payload"] = payload;
            await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
    }

    private async Task<JsonNode?> DispatchAsync(JsonObject envelope, CancellationToken ct)
    {
        if (envelope["payload"] is not JsonObject payload) return null;
        switch (envelope["type"]?.GetValue<string>())
        {
            case "interactive":
                return router.Interaction(payload) is { } response ? JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(response)) : null;
            case "slash_commands":
                var form = payload.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
                return await router.CommandAsync(form, ct).ConfigureAwait(false);
            default:
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connected (connection {Count})")]
    private partial void LogConnected(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode: disconnect ({Reason}); reconnecting")]
    private partial void LogDisconnect(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection failed ({Error}); attempt {Failures}, retrying")]
    private partial void LogConnectionFailed(string error, int failures);
}
