using System.Text.Json;
using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;

namespace Hermes.Bot.Api;

/// <summary><c>/api/v1/cases</c>: list and inspect cases; the security team resolves escalations.</summary>
public static class CaseEndpoints
{
    public static void MapCaseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/cases").AddEndpointFilter<ApiAccessFilter>();
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapPost("/{id:long}/resolve", ResolveAsync);
    }

    private static async Task<IResult> ListAsync(CaseStore cases, string? state, string? rule, string? owner, int? limit, CancellationToken cancellationToken)
    {
        if (state is not null && !Enum.TryParse<CaseState>(state, ignoreCase: true, out var parsed))
            return Results.Problem(statusCode: 400, title: "invalid query", detail: $"state: '{state}' is not one of {string.Join(", ", Enum.GetNames<CaseState>())}");
        var normalized = state is null ? null : Enum.Parse<CaseState>(state, ignoreCase: true).ToString();
        var rows = await cases.ListAsync(normalized, rule, owner, Math.Clamp(limit ?? 200, 1, 1000), cancellationToken).ConfigureAwait(false);
        return Results.Json(rows.Select(Summary));
    }

    private static async Task<IResult> GetAsync(long id, CaseStore cases, CancellationToken cancellationToken)
    {
        var c = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (c is null) return Results.Problem(statusCode: 404, title: "not found", detail: $"case {id} does not exist");
        var alerts = await cases.AlertsAsync(id, 100, cancellationToken).ConfigureAwait(false);
        var timeline = await cases.TimelineAsync(id, cancellationToken).ConfigureAwait(false);
        var summary = Summary(c);
        summary["workload"] = JsonSerializer.Deserialize<JsonElement>(c.WorkloadJson);
        summary["ownership"] = c.OwnershipJson is null ? null : JsonSerializer.Deserialize<JsonElement>(c.OwnershipJson);
        summary["alerts"] = alerts.Select(a => new
        {
            a.Id, a.Rule, a.Priority, a.Time, a.Output, receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(a.ReceivedMs),
            alert = JsonSerializer.Deserialize<JsonElement>(a.Body),
        }).ToList();
        summary["timeline"] = timeline.Select(t => new
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs), t.Actor, t.Kind, from = t.FromState, to = t.ToState, t.Detail,
        }).ToList();
        return Results.Json(summary);
    }

    private static async Task<IResult> ResolveAsync(long id, ResolveRequest request, ConversationService conversations, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.By)) return Results.Problem(statusCode: 400, title: "invalid request", detail: "by: required (a security team member)");
        var result = await conversations.FireAsync(id, m => m.Resolve(request.By, request.Reason ?? "resolved through the API"), cancellationToken).ConfigureAwait(false);
        if (result is not { } done) return Results.Problem(statusCode: 404, title: "not found", detail: $"case {id} does not exist");
        return done.Case.CaseState == CaseState.Resolved
            ? Results.Json(Summary(done.Case))
            : Results.Problem(statusCode: 409, title: "not resolved", detail: $"case {id} is {done.Case.State}; only an escalated case can be resolved, by a member of Security:Members");
    }

    internal static Dictionary<string, object?> Summary(CaseRecord c) => new()
    {
        ["id"] = c.Id,
        ["state"] = c.State,
        ["rule"] = c.Rule,
        ["priority"] = c.Priority,
        ["playbook"] = c.Playbook,
        ["alertCount"] = c.AlertCount,
        ["owner"] = c.Owner,
        ["workloadKey"] = c.Workload,
        ["escalationReason"] = c.EscalationReason,
        ["incidentChannel"] = c.IncidentChannel,
        ["firstSeen"] = DateTimeOffset.FromUnixTimeMilliseconds(c.FirstSeenMs),
        ["lastSeen"] = DateTimeOffset.FromUnixTimeMilliseconds(c.LastSeenMs),
        ["dryRun"] = c.DryRun,
        ["summary"] = c.Summary,
    };

    public sealed record ResolveRequest(string By, string? Reason);
}
