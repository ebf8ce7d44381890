using Hermes.Bot.Api;
using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary><c>GET /api/v1/ownership?image=&amp;digest=&amp;namespace=&amp;pod=&amp;cluster=&amp;label=k=v</c>: who owns a workload, and why.</summary>
public static class OwnershipEndpoints
{
    public static void MapOwnershipApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/ownership", async (HttpRequest request, IOwnershipPort ownership, CancellationToken ct) =>
        {
            var query = request.Query;
            var (labels, error) = OwnershipLookup.Labels(query["label"].Where(l => l is not null).Select(l => l!));
            if (error is not null) return Results.Problem(statusCode: 400, title: "invalid query", detail: error);
            if (query["image"].Count == 0 && query["namespace"].Count == 0 && labels.Count == 0)
                return Results.Problem(statusCode: 400, title: "invalid query", detail: "give at least one of image, namespace or label");
            var workload = new WorkloadRef(query["cluster"].FirstOrDefault(), query["namespace"].FirstOrDefault(), query["pod"].FirstOrDefault(),
                query["image"].FirstOrDefault(), query["digest"].FirstOrDefault(), labels);
            return Results.Json(await OwnershipLookup.ResolveAsync(ownership, workload, ct).ConfigureAwait(false));
        }).AddEndpointFilter<ApiAccessFilter>();
}
