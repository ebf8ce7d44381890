using Hermes.Bot.Api;
using Hermes.Playbooks.Loading;

namespace Hermes.Bot.Suppressions;

/// <summary><c>/api/v1/suppressions</c>: list, add (whitelist or snooze) and remove.</summary>
public static class SuppressionEndpoints
{
    public static void MapSuppressionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/suppressions").AddEndpointFilter<ApiAccessFilter>();
        api.MapGet("/", async (SuppressionStore store, TimeProvider time, bool? all, CancellationToken ct) =>
            Results.Json(await store.ListAsync(all == true, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false)));
        api.MapPost("/", AddAsync);
        api.MapDelete("/{id:long}", async (long id, string? by, SuppressionStore store, TimeProvider time, CancellationToken ct) =>
            await store.RemoveAsync(id, by ?? "api", time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false)
                ? Results.NoContent()
                : Results.Problem(statusCode: 404, title: "not found", detail: $"no active suppression {id}"));
    }

    private static async Task<IResult> AddAsync(NewSuppression request, SuppressionService suppressions, TimeProvider time, CancellationToken ct)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Rule)) errors.Add("rule: required (a rule name or glob)");
        if (!Suppression.Scopes.Contains(request.Scope)) errors.Add($"scope: '{request.Scope}' is not one of {string.Join(", ", Suppression.Scopes)}");
        if (request.Scope != "rule" && string.IsNullOrWhiteSpace(request.ScopeValue)) errors.Add("scopeValue: required for this scope");
        if (string.IsNullOrWhiteSpace(request.Author)) errors.Add("author: required");
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason: required");
        TimeSpan? duration = null;
        if (request.For is { } text)
        {
            if (Durations.TryParse(text, out var d) && d > TimeSpan.Zero) duration = d;
            else errors.Add($"for: '{text}' is not a duration (like 1h, 7d)");
        }
        if (errors.Count > 0)
            return Results.Problem(statusCode: 400, title: "invalid suppression", detail: string.Join("; ", errors), extensions: new Dictionary<string, object?> { ["errors"] = errors });
        var now = time.GetUtcNow();
        var suppression = new Suppression(0, duration is null ? "whitelist" : "snooze", request.Rule!, request.Scope, request.ScopeValue ?? "*",
            duration is null ? null : (now + duration.Value).ToUnixTimeMilliseconds(), request.Author!, request.Reason!, now.ToUnixTimeMilliseconds(), null, null, 0);
        var (id, closed) = await suppressions.AddAsync(suppression, ct).ConfigureAwait(false);
        return Results.Json(new { suppression = suppression with { Id = id }, closedCases = closed }, statusCode: 201);
    }

    /// <summary>Without <see cref="For"/> it is a whitelist; with it, a snooze that ends.</summary>
    public sealed record NewSuppression(string? Rule, string Scope, string? ScopeValue, string? For, string? Author, string? Reason);
}
