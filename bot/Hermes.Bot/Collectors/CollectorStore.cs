using Dapper;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Collectors;

/// <summary>The collectors table: one row per node, replaced by each heartbeat, with events/s from the previous one.</summary>
public sealed class CollectorStore(Database db)
{
    private const string Columns = "node AS Node, cluster AS Cluster, version AS Version, last_seen_ms AS LastSeenMs, started_ms AS StartedMs, events AS Events, drops AS Drops, alerts AS Alerts, rules AS Rules, events_per_second AS EventsPerSecond";

    public Task RecordAsync(Heartbeat beat, long nowMs, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(beat);
            var previous = await connection.QuerySingleOrDefaultAsync<CollectorStatus>(
                $"SELECT {Columns} FROM collectors WHERE node = @Node",
                new { beat.Node }, transaction).ConfigureAwait(false);
            var startedMs = nowMs - (beat.UptimeSeconds * 1000);
            // Same run (counters only grow): the rate since the last heartbeat; a restart: the rate since it started.
            var rate = previous is not null && beat.Events >= previous.Events && nowMs > previous.LastSeenMs && Math.Abs(previous.StartedMs - startedMs) < 60_000
                ? (beat.Events - previous.Events) * 1000.0 / (nowMs - previous.LastSeenMs)
                : beat.UptimeSeconds > 0 ? beat.Events / (double)beat.UptimeSeconds : 0;
            await connection.ExecuteAsync("""
                INSERT INTO collectors (node, cluster, version, last_seen_ms, started_ms, events, drops, alerts, rules, events_per_second)
                VALUES (@Node, @Cluster, @Version, @nowMs, @startedMs, @Events, @Drops, @Alerts, @Rules, @rate)
                ON CONFLICT (node) DO UPDATE SET cluster = excluded.cluster, version = excluded.version, last_seen_ms = excluded.last_seen_ms,
                    started_ms = excluded.started_ms, events = excluded.events, drops = excluded.drops, alerts = excluded.alerts,
                    rules = excluded.rules, events_per_second = excluded.events_per_second
                """, new { beat.Node, beat.Cluster, beat.Version, nowMs, startedMs, beat.Events, beat.Drops, beat.Alerts, Rules = (long)beat.Rules, rate }, transaction).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<CollectorStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<CollectorStatus>(
            $"SELECT {Columns} FROM collectors ORDER BY node").ConfigureAwait(false)).ToList();
    }
}
