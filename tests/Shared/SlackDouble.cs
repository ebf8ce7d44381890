using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hermes.Tests.Shared;

/// <summary>
/// A Slack Web API double: a real HTTP server on 127.0.0.1 with an in-memory workspace, answering the methods Hermes
/// calls with Slack's response shapes and error codes. Every request is checked against the method's documented
/// arguments in shared/corpus/slack/slack-api-ref (required present, nothing unknown); violations are collected in
/// <see cref="Violations"/> for the test to assert empty. It can answer 429 with Retry-After.
/// </summary>
public sealed class SlackDouble : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";
    public const string AppToken = "xapp-test-token";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _specs = new(StringComparer.Ordinal);
    private long _ts = 1_700_000_000_000_000;
    private int _ids;

    private SlackDouble(WebApplication app) => _app = app;

    public Uri ApiBaseUrl { get; private set; } = null!;

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Every call in order: method and its arguments.</summary>
    public ConcurrentQueue<(string Method, Dictionary<string, string> Args)> Calls { get; } = new();

    /// <summary>The next this many calls answer HTTP 429 with <see cref="RetryAfterSeconds"/>.</summary>
    public int RateLimitNext { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public ConcurrentDictionary<string, (string Id, string Email, string Name)> Users { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Channel> Channels { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, List<string>> Usergroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Delayed answers the app posted to a slash command's response_url (<c>{ApiBaseUrl}/../response/{id}</c>).</summary>
    public ConcurrentQueue<(string Id, JsonObject Body)> ResponseUrlPosts { get; } = new();

    public Uri ResponseUrl(string id) => new(ApiBaseUrl, $"../response/{id}");

    /// <summary>Modals opened: the trigger id and the view.</summary>
    public ConcurrentQueue<(string TriggerId, JsonObject View)> Views { get; } = new();

    public sealed class Channel
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public bool IsPrivate { get; init; }
        public bool IsArchived { get; set; }
        public string Topic { get; set; } = "";
        public HashSet<string> Members { get; } = [];
        public List<Message> Messages { get; } = [];
    }

    public sealed record Message(string Ts, string Text, JsonArray Blocks, string? ThreadTs, string? EphemeralTo)
    {
        public string Text { get; set; } = Text;
        public JsonArray Blocks { get; set; } = Blocks;
    }

    public static async Task<SlackDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var slack = new SlackDouble(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (Func<string, HttpRequest, Task<IResult>>)slack.HandleAsync);
        app.Map("/socket", (Func<HttpContext, Task>)slack.SocketAsync);
        app.MapPost("/response/{id}", async (string id, HttpRequest request) =>
        {
            slack.ResponseUrlPosts.Enqueue((id, (JsonObject)(await JsonNode.ParseAsync(request.Body))!));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Urls.First();
        slack.ApiBaseUrl = new Uri(address.TrimEnd('/') + "/api/");
        return slack;
    }

    public string AddUser(string name, string email)
    {
        var id = $"U{Interlocked.Increment(ref _ids):D8}";
        Users[id] = (id, email, name);
        return id;
    }

    public Channel AddChannel(string name, bool isPrivate = false)
    {
        var channel = new Channel { Id = $"C{Interlocked.Increment(ref _ids):D8}", Name = name, IsPrivate = isPrivate };
        Channels[channel.Id] = channel;
        return channel;
    }

    /// <summary>The messages of a channel (or a DM's channel id), ephemeral ones included.</summary>
    public IReadOnlyList<Message> MessagesIn(string channelId) => Channels.TryGetValue(channelId, out var c) ? c.Messages.ToList() : [];

    /// <summary>The DM channel id Hermes opened with a user, if any.</summary>
    public string? DirectChannelOf(string userId) => Channels.Values.FirstOrDefault(c => c.Name == $"dm-{userId}")?.Id;

    private async Task<IResult> HandleAsync(string method, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var args = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Calls.Enqueue((method, args));
        if (RateLimitNext > 0)
        {
            RateLimitNext--;
            return new RateLimited(RetryAfterSeconds);
        }
        Check(method, args, request.Headers.Authorization.ToString());
        var expected = method == "apps.connections.open" ? AppToken : Token;
        if (request.Headers.Authorization.ToString() != $"Bearer {expected}") return Results.Json(Error(method == "apps.connections.open" ? "not_allowed_token_type" : "invalid_auth"));
        if (method == "apps.connections.open")
            return Results.Json(Ok(new() { ["url"] = $"ws://{request.Host}/socket?ticket={Interlocked.Increment(ref _ids)}" }));
        lock (this) return Results.Json(Answer(method, args));
    }

    private void Check(string method, Dictionary<string, string> args, string authorization)
    {
        var spec = _specs.GetOrAdd(method, m =>
        {
            var path = Repository.Path("..", "shared", "corpus", "slack", "slack-api-ref", "docs.slack.dev", "methods", $"{m}.json");
            if (!File.Exists(path)) path = System.IO.Path.Combine(Environment.GetEnvironmentVariable("HERMES_SHARED") ?? "", "corpus", "slack", "slack-api-ref", "docs.slack.dev", "methods", $"{m}.json");
            return File.Exists(path) ? (JsonObject)JsonNode.Parse(File.ReadAllText(path))! : new JsonObject { ["missing"] = true };
        });
        if (spec["missing"] is not null)
        {
            Violations.Enqueue($"{method}: not a documented method");
            return;
        }
        var properties = spec["args"]!["properties"]!.AsObject();
        foreach (var name in args.Keys.Where(a => !properties.ContainsKey(a))) Violations.Enqueue($"{method}: unknown argument '{name}'");
        foreach (var required in spec["args"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()))
            if (!args.ContainsKey(required) && !(required == "token" && authorization.StartsWith("Bearer ", StringComparison.Ordinal)))
                Violations.Enqueue($"{method}: required argument '{required}' missing");
    }

    private JsonObject Answer(string method, Dictionary<string, string> a)
    {
        switch (method)
        {
            case "auth.test":
                return Ok(new() { ["user_id"] = "UHERMESBOT", ["team_id"] = "T0000TEST", ["url"] = "https://test.slack.com/" });
            case "chat.postMessage":
            {
                var channel = Find(a["channel"]);
                if (channel is null) return Error("channel_not_found");
                if (channel.IsArchived) return Error("is_archived");
                if (!a.ContainsKey("text") && !a.ContainsKey("blocks")) return Error("no_text");
                var blocks = a.TryGetValue("blocks", out var b) ? ParseBlocks(b) : [];
                if (blocks is null) return Error("invalid_blocks");
                if (blocks.Count > 50) return Error("invalid_blocks");
                var ts = NextTs();
                channel.Messages.Add(new Message(ts, a.GetValueOrDefault("text") ?? "", blocks, a.GetValueOrDefault("thread_ts"), null));
                return Ok(new() { ["channel"] = channel.Id, ["ts"] = ts, ["message"] = new JsonObject { ["text"] = a.GetValueOrDefault("text") ?? "" } });
            }
            case "chat.update":
            {
                if (!Channels.TryGetValue(a["channel"], out var channel)) return Error("channel_not_found");
                var message = channel.Messages.FirstOrDefault(m => m.Ts == a["ts"]);
                if (message is null) return Error("message_not_found");
                message.Text = a.GetValueOrDefault("text") ?? message.Text;
                if (a.TryGetValue("blocks", out var b)) message.Blocks = ParseBlocks(b) ?? [];
                return Ok(new() { ["channel"] = channel.Id, ["ts"] = message.Ts });
            }
            case "chat.postEphemeral":
            {
                if (!Channels.TryGetValue(a["channel"], out var channel)) return Error("channel_not_found");
                if (!Users.ContainsKey(a["user"])) return Error("user_not_found");
                channel.Messages.Add(new Message(NextTs(), a.GetValueOrDefault("text") ?? "", [], null, a["user"]));
                return Ok(new() { ["message_ts"] = NextTs() });
            }
            case "conversations.open":
            {
                var users = a.GetValueOrDefault("users")?.Split(',') ?? [];
                if (users.Length == 0 || users.Any(u => !Users.ContainsKey(u))) return Error("user_not_found");
                var name = $"dm-{string.Join('-', users)}";
                var channel = Channels.Values.FirstOrDefault(c => c.Name == name) ?? AddChannel(name, isPrivate: true);
                channel.Members.UnionWith(users);
                return Ok(new() { ["channel"] = new JsonObject { ["id"] = channel.Id } });
            }
            case "conversations.create":
            {
                var name = a["name"];
                if (name.Length > 80 || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))) return Error("invalid_name_specials");
                if (Channels.Values.Any(c => c.Name == name)) return Error("name_taken");
                var channel = AddChannel(name, a.GetValueOrDefault("is_private") == "true");
                channel.Members.Add("UHERMESBOT");
                return Ok(new() { ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = name, ["is_private"] = channel.IsPrivate } });
            }
            case "conversations.invite":
            {
                if (!Channels.TryGetValue(a["channel"], out var channel)) return Error("channel_not_found");
                var users = a["users"].Split(',');
                if (users.Any(u => !Users.ContainsKey(u))) return Error("user_not_found");
                channel.Members.UnionWith(users);
                return Ok(new() { ["channel"] = new JsonObject { ["id"] = channel.Id } });
            }
            case "conversations.setTopic":
            {
                if (!Channels.TryGetValue(a["channel"], out var channel)) return Error("channel_not_found");
                channel.Topic = a["topic"];
                return Ok(new() { ["channel"] = new JsonObject { ["id"] = channel.Id, ["topic"] = new JsonObject { ["value"] = channel.Topic } } });
            }
            case "conversations.members":
            {
                if (!Channels.TryGetValue(a["channel"], out var channel)) return Error("channel_not_found");
                return Ok(new() { ["members"] = new JsonArray(channel.Members.Select(m => (JsonNode)m).ToArray()), ["response_metadata"] = new JsonObject { ["next_cursor"] = "" } });
            }
            case "users.lookupByEmail":
            {
                var user = Users.Values.FirstOrDefault(u => string.Equals(u.Email, a["email"], StringComparison.OrdinalIgnoreCase));
                return user.Id is null ? Error("users_not_found") : Ok(new() { ["user"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name } });
            }
            case "users.info":
                return Users.TryGetValue(a["user"], out var info)
                    ? Ok(new() { ["user"] = new JsonObject { ["id"] = info.Id, ["name"] = info.Name, ["profile"] = new JsonObject { ["email"] = info.Email } } })
                    : Error("user_not_found");
            case "views.open":
            {
                var view = JsonNode.Parse(a["view"]) as JsonObject;
                if (view?["type"]?.GetValue<string>() != "modal") return Error("invalid_arguments");
                Views.Enqueue((a["trigger_id"], view));
                return Ok(new() { ["view"] = new JsonObject { ["id"] = $"V{Interlocked.Increment(ref _ids):D8}" } });
            }
            case "usergroups.users.list":
                return Usergroups.TryGetValue(a["usergroup"], out var members)
                    ? Ok(new() { ["users"] = new JsonArray(members.Select(m => (JsonNode)m).ToArray()) })
                    : Error("no_such_subteam");
            default:
                return Error("unknown_method");
        }
    }

    /// <summary>chat.postMessage takes an id or a name (with or without #).</summary>
    private Channel? Find(string idOrName) =>
        Channels.TryGetValue(idOrName, out var byId) ? byId : Channels.Values.FirstOrDefault(c => c.Name == idOrName.TrimStart('#'));

    /// <summary>Slack's side of an interaction or slash command: a signed form POST to the bot.</summary>
    public static async Task<HttpResponseMessage> SendSignedAsync(HttpClient client, Uri url, string signingSecret, string formBody, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = System.Text.Encoding.UTF8.GetBytes(formBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Hermes.Slack.Security.SlackSignature.Sign(signingSecret, timestamp, bytes));
        return await client.SendAsync(request);
    }

    private System.Net.WebSockets.WebSocket? _socket;

    /// <summary>Socket Mode connections accepted so far.</summary>
    public int SocketConnections { get; private set; }

    /// <summary>What the app sent over the socket (acknowledgements), in order.</summary>
    public ConcurrentQueue<JsonObject> SocketAcks { get; } = new();

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        _socket = socket;
        SocketConnections++;
        await SendAsync(socket, new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
        var buffer = new byte[64 * 1024];
        while (socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            System.Net.WebSockets.WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
                break;
            }
            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close) break;
            if (JsonNode.Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count)) is JsonObject ack) SocketAcks.Enqueue(ack);
        }
    }

    /// <summary>Sends an envelope to the connected app, as Slack does.</summary>
    public Task SendEnvelopeAsync(string type, JsonObject payload, string envelopeId) =>
        SendAsync(_socket ?? throw new InvalidOperationException("no Socket Mode connection"),
            new JsonObject { ["envelope_id"] = envelopeId, ["type"] = type, ["payload"] = payload, ["accepts_response_payload"] = type == "slash_commands" });

    /// <summary>Slack's "disconnect" message, which asks the app to open a new connection.</summary>
    public async Task DisconnectAsync(string reason)
    {
        var socket = _socket ?? throw new InvalidOperationException("no Socket Mode connection");
        await SendAsync(socket, new JsonObject { ["type"] = "disconnect", ["reason"] = reason });
    }

    private static Task SendAsync(System.Net.WebSockets.WebSocket socket, JsonObject message) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(message.ToJsonString()), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    private string NextTs()
    {
        var micro = Interlocked.Increment(ref _ts);
        return (micro / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (micro % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static JsonArray? ParseBlocks(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Ok(JsonObject fields)
    {
        fields["ok"] = true;
        return fields;
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RateLimited(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = (int)HttpStatusCode.TooManyRequests;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsync("""{"ok":false,"error":"ratelimited"}""");
        }
    }
}
