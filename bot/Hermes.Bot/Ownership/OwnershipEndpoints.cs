using Hermes.Bot.Api;

namespace Hermes.Bot.Ownership;

/// <summary><c>GET /api/v1/ownership?image=&amp;namespace=&amp;pod=&amp;label=k=v</c>: who owns a workload, and why.</summary>
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
            return Results.Json(await OwnershipLookup.ResolveAsync(ownership, query["image"].FirstOrDefault(), query["namespace"].FirstOrDefault(),
                query["pod"].FirstOrDefault(), labels, ct).ConfigureAwait(false));
        }).AddEndpointFilter<ApiAccessFilter>();
}
