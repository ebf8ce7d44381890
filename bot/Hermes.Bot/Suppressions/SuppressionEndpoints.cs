using System.Text.Json;
using Hermes.Bot.Api;
using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;
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

    private static async Task<IResult> AddAsync(NewSuppression request, SuppressionStore store, CaseStore cases, ConversationService conversations,
        TimeProvider time, CancellationToken ct)
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
        var id = await store.AddAsync(suppression, ct).ConfigureAwait(false);
        // Cases still waiting on their owner that the new suppression covers are closed as suppressed (the owner's
        // question is updated); escalated ones stay with security.
        var closed = new List<long>();
        foreach (var state in new[] { CaseState.Open, CaseState.ResolvingOwner, CaseState.Asking, CaseState.Reminding })
            foreach (var c in await cases.ListAsync(state.ToString(), null, null, 1000, ct).ConfigureAwait(false))
                if (suppression.Matches(c.Rule, JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!)
                    && (await conversations.FireAsync(c.Id, m => m.Suppress(request.Author!), ct).ConfigureAwait(false))?.Result == true)
                    closed.Add(c.Id);
        return Results.Json(new { suppression = suppression with { Id = id }, closedCases = closed }, statusCode: 201);
    }

    /// <summary>Without <see cref="For"/> it is a whitelist; with it, a snooze that ends.</summary>
    public sealed record NewSuppression(string? Rule, string Scope, string? ScopeValue, string? For, string? Author, string? Reason);
}
