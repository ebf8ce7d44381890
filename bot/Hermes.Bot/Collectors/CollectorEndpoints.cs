using Hermes.Bot.Intake;
using Hermes.Bot.Security;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Collectors;

/// <summary><c>POST /api/v1/collectors/heartbeat</c> (the intake tokens) and <c>GET /api/v1/collectors</c>.</summary>
public static class CollectorEndpoints
{
    public static void MapCollectors(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/collectors/heartbeat", async (HttpRequest request, CollectorStore store, IOptions<IntakeOptions> intake, TimeProvider time, CancellationToken ct) =>
        {
            if (!BearerTokens.Match(request, intake.Value.Tokens))
                return Results.Problem(statusCode: 401, title: "unauthorized", detail: "a valid bearer token is required (Intake:Tokens)");
            Heartbeat? beat;
            try
            {
                beat = await request.ReadFromJsonAsync<Heartbeat>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
                {
                    PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
                }, ct).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException e)
            {
                return Results.Problem(statusCode: 400, title: "invalid heartbeat", detail: $"{e.Path}: {e.Message}");
            }
            var errors = new List<string>();
            if (beat is null || string.IsNullOrWhiteSpace(beat.Node) || beat.Node.Length > 253) errors.Add("node: required, at most 253 characters");
            if (beat is not null && (beat.Events < 0 || beat.Drops < 0 || beat.Alerts < 0 || beat.Rules < 0 || beat.UptimeSeconds < 0))
                errors.Add("events, drops, alerts, rules, uptime_seconds: must not be negative");
            if (beat?.Version is { Length: > 64 }) errors.Add("version: at most 64 characters");
            if (errors.Count > 0) return Results.Problem(statusCode: 400, title: "invalid heartbeat", detail: string.Join("; ", errors));
            await store.RecordAsync(beat! with { Version = beat.Version ?? "unknown" }, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        app.MapGet("/api/v1/collectors", async (CollectorStore store, CancellationToken ct) => Results.Json(await store.ListAsync(ct).ConfigureAwait(false)))
            .AddEndpointFilter<Api.ApiAccessFilter>();
    }
}
