using System.Text.Json.Nodes;
using Dapper;
using Hermes.Bot.Metrics;
using Hermes.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Elasticsearch;

/// <summary>
/// Ships findings (stored alerts, once their case has an owner or after <see cref="ElasticsearchOptions.SettleAfter"/>)
/// and case timeline entries to Elasticsearch. It reads the database in id order behind a cursor per stream
/// (<c>export_cursors</c>) and moves the cursor only past documents Elasticsearch took or refused for good, so intake
/// never waits for it, an outage loses nothing, and a re-send after a crash or a partial failure is deduplicated by
/// the document id. While Elasticsearch answers 429 the batch halves and the exporter backs off.
/// </summary>
public sealed partial class ElasticsearchExporter(Database db, BulkClient client, IOptions<ElasticsearchOptions> options, TimeProvider time,
    BotMetrics metrics, ILogger<ElasticsearchExporter> logger) : BackgroundService
{
    private readonly ElasticsearchOptions _options = options.Value;
    private int _batch = options.Value.BatchSize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var templates = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!templates)
                {
                    await client.InstallTemplatesAsync(stoppingToken).ConfigureAwait(false);
                    templates = true;
                }
                var shipped = await ExportOnceAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
                if (shipped == 0) await Task.Delay(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                if (stoppingToken.IsCancellationRequested) return; // stopping: the cursor says where to resume
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                metrics.ElasticsearchFailure();
                LogUnavailable(logger, _options.Url!, e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round over both streams; returns how many documents were shipped or refused.</summary>
    internal async Task<int> ExportOnceAsync(CancellationToken cancellationToken)
    {
        var findings = await ShipAsync("findings", _options.FindingsDataStream, FindingsAsync, r => r.Id, r => r.IdempotencyKey, EcsDocuments.Finding, cancellationToken).ConfigureAwait(false);
        var cases = await ShipAsync("cases", _options.CasesDataStream, CaseEventsAsync, r => r.Id, r => $"case-{r.CaseId}-{r.Id}", EcsDocuments.CaseEvent, cancellationToken).ConfigureAwait(false);
        return findings + cases;
    }

    private async Task<int> ShipAsync<TRow>(string cursorName, string dataStream, Func<long, int, CancellationToken, Task<IReadOnlyList<TRow>>> read,
        Func<TRow, long> idOf, Func<TRow, string> documentId, Func<TRow, JsonObject> toDocument, CancellationToken cancellationToken)
    {
        var cursor = await CursorAsync(cursorName, cancellationToken).ConfigureAwait(false);
        var rows = await read(cursor, _batch, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) return 0;
        // A row that cannot be made into a document is refused here, like one Elasticsearch refuses: it must not stop the export.
        var prepared = rows.Select(r =>
        {
            try
            {
                return (Row: r, Document: toDocument(r), Error: (string?)null);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                return (Row: r, Document: (JsonObject?)null, Error: e.Message);
            }
        }).ToList();
        var sendable = prepared.Where(p => p.Document is not null).ToList();
        var sent = sendable.Count == 0 ? []
            : await client.SendAsync(sendable.Select(p => (dataStream, documentId(p.Row), p.Document!)).ToList(), cancellationToken).ConfigureAwait(false);
        var results = new List<(BulkItemResult Result, string? Error)>(rows.Count);
        var next = 0;
        foreach (var p in prepared) results.Add(p.Document is null ? (BulkItemResult.Rejected, p.Error) : sent[next++]);
        var done = 0;
        foreach (var (result, error) in results)
        {
            if (result == BulkItemResult.Retry) break; // keep order: the cursor stops before the first document to send again
            if (result == BulkItemResult.Rejected) LogRejected(logger, dataStream, documentId(rows[done]), error ?? "");
            metrics.ElasticsearchDocument(cursorName, result == BulkItemResult.Indexed ? "indexed" : "rejected");
            done++;
        }
        if (done > 0) await SaveCursorAsync(cursorName, idOf(rows[done - 1]), cancellationToken).ConfigureAwait(false);
        if (done < rows.Count)
        {
            metrics.ElasticsearchDocument(cursorName, "retry");
            _batch = Math.Max(10, _batch / 2);
            throw new HttpRequestException($"Elasticsearch asked to retry {rows.Count - done} of {rows.Count} documents ({results[done].Error})");
        }
        _batch = Math.Min(_options.BatchSize, _batch * 2);
        return done;
    }

    // Findings in id order up to the first whose case is still looking for its owner (unless it waited long enough).
    private async Task<IReadOnlyList<FindingRow>> FindingsAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<FindingRow>(new CommandDefinition("""
            SELECT a.id AS Id, a.idempotency_key AS IdempotencyKey, a.rule AS Rule, a.priority AS Priority, a.time AS Time, a.source AS Source,
                   a.hostname AS Hostname, a.output AS Output, a.tags AS Tags, a.body AS Body, a.case_id AS CaseId, a.suppression_id AS SuppressionId,
                   c.state AS State, c.owner AS Owner, c.ownership_json AS OwnershipJson, c.playbook AS Playbook, a.received_ms AS ReceivedMs
            FROM alerts a LEFT JOIN cases c ON c.id = a.case_id
            WHERE a.id > @cursor ORDER BY a.id LIMIT @limit
            """, new { cursor, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var settled = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.SettleAfter.TotalMilliseconds;
        return rows.TakeWhile(r => r.State is not ("Open" or "ResolvingOwner") || r.ReceivedMs < settled).ToList<FindingRow>();
    }

    private async Task<IReadOnlyList<CaseEventRow>> CaseEventsAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<CaseEventRow>(new CommandDefinition("""
            SELECT t.id AS Id, t.case_id AS CaseId, t.at_ms AS AtMs, t.actor AS Actor, t.kind AS Kind, t.from_state AS FromState, t.to_state AS ToState,
                   t.detail AS Detail, c.rule AS Rule, c.priority AS Priority, c.state AS State, c.owner AS Owner, c.ownership_json AS OwnershipJson,
                   c.workload_json AS WorkloadJson, c.playbook AS Playbook
            FROM timeline t JOIN cases c ON c.id = t.case_id
            WHERE t.id > @cursor ORDER BY t.id LIMIT @limit
            """, new { cursor, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    private async Task<long> CursorAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT last_id FROM export_cursors WHERE name = @name",
            new { name = $"elasticsearch/{name}" }, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
    }

    private async Task SaveCursorAsync(string name, long id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_cursors (name, last_id) VALUES (@name, @id)
            ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id WHERE export_cursors.last_id < excluded.last_id
            """, new { name = $"elasticsearch/{name}", id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch {Url} unavailable ({Error}); retrying in {Seconds} s, nothing is lost")]
    private static partial void LogUnavailable(ILogger logger, Uri url, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch refused document {Id} for {DataStream}: {Error}")]
    private static partial void LogRejected(ILogger logger, string dataStream, string id, string error);
}
