using Dapper;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Hosting;

/// <summary><c>/readyz</c>: ready only while the database answers (a bot that cannot store cannot acknowledge alerts).</summary>
public static class Readiness
{
    public static void MapReadiness(this IEndpointRouteBuilder app) => app.MapGet("/readyz", async (Database db, CancellationToken ct) =>
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var connection = await db.OpenAsync(timeout.Token).ConfigureAwait(false);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token)).ConfigureAwait(false);
            return Results.Ok("ready");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return Results.Problem(statusCode: 503, title: "not ready", detail: $"the database does not answer: {e.Message}");
        }
    });
}
