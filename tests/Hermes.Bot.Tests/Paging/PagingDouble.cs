using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hermes.Bot.Tests.Paging;

/// <summary>
/// PagerDuty's Events API v2 and Opsgenie's Alert API as one real HTTP server, answering as they do (202 / 202) and
/// refusing what they refuse (400 for an event without its required fields, 401/422 for Opsgenie), recording all.
/// </summary>
public sealed class PagingDouble : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PagingDouble(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<JsonObject> PagerDutyEvents { get; } = new();

    public ConcurrentQueue<(string Path, string Authorization, JsonObject Body)> OpsgenieRequests { get; } = new();

    public static async Task<PagingDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pager = new PagingDouble(app);
        app.MapPost("/v2/enqueue", async (HttpRequest request) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            var action = (string?)body["event_action"];
            var valid = body["routing_key"] is JsonValue && body["dedup_key"] is JsonValue && action is "trigger" or "acknowledge" or "resolve"
                && (action != "trigger" || (body["payload"]?["summary"] is JsonValue && body["payload"]?["source"] is JsonValue
                    && (string?)body["payload"]?["severity"] is "critical" or "error" or "warning" or "info"));
            if (!valid) return Results.Json(new { status = "invalid event", message = "Event object is invalid" }, statusCode: 400);
            pager.PagerDutyEvents.Enqueue(body);
            return Results.Json(new { status = "success", message = "Event processed", dedup_key = (string?)body["dedup_key"] }, statusCode: 202);
        });
        app.MapPost("/v2/alerts/{**rest}", async (HttpRequest request, string? rest) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("GenieKey ", StringComparison.Ordinal)) return Results.Json(new { message = "Key format is not valid!" }, statusCode: 401);
            var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            if (rest is null or "" && ((string?)body["message"] is not { Length: > 0 and <= 130 }))
                return Results.Json(new { message = "Request body is not processable" }, statusCode: 422);
            pager.OpsgenieRequests.Enqueue((request.Path + request.QueryString, authorization, body));
            return Results.Json(new { result = "Request will be processed", requestId = Guid.NewGuid() }, statusCode: 202);
        });
        await app.StartAsync();
        pager.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return pager;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
