using System.IO.Compression;
using System.Text;
using Hermes.Bot.Metrics;
using Hermes.Bot.Security;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Intake;

/// <summary>
/// <c>POST /api/v1/alerts</c>: one Falco JSON alert, a JSON array, or JSON lines (gzip allowed). Authenticated by
/// bearer token (401), validated whole (400 naming alert and field, nothing stored), bounded (413), idempotent
/// (a replay is acknowledged and stored once), and answered 202 only after the alerts are committed.
/// </summary>
public static class IntakeEndpoints
{
    public static void MapAlertIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/alerts", ReceiveAsync);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IntakeWriter writer, IOptions<IntakeOptions> options, BotMetrics metrics, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!BearerTokens.Match(request, settings.Tokens))
        {
            metrics.AlertsRejected("auth");
            return Results.Problem(statusCode: 401, title: "unauthorized", detail: "a valid bearer token is required (Intake:Tokens)");
        }

        string body;
        try
        {
            body = await ReadBodyAsync(request, settings.MaxBodyBytes).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            metrics.AlertsRejected("size");
            return Results.Problem(statusCode: 413, title: "payload too large", detail: e.Message);
        }

        var alerts = AlertParser.Parse(body, out var problems);
        if (alerts is null)
        {
            metrics.AlertsRejected("invalid");
            return Results.Problem(statusCode: 400, title: "invalid alert", detail: string.Join("; ", problems),
                extensions: new Dictionary<string, object?> { ["errors"] = problems });
        }

        var result = await writer.WriteAsync(alerts, cancellationToken).ConfigureAwait(false);
        metrics.AlertsReceived(result);
        return Results.Json(new { accepted = alerts.Count, stored = result.Stored, duplicates = result.Duplicates, suppressed = result.Suppressed }, statusCode: 202);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit) throw new InvalidDataException($"the body is {request.ContentLength} bytes; the limit is {limit}");
        Stream source = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            source = new GZipStream(source, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await source.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) throw new InvalidDataException($"the body exceeds the limit of {limit} bytes");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
