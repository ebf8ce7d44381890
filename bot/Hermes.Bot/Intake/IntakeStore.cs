using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Hermes.Bot.Suppressions;
using Hermes.Playbooks.Model;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Intake;

/// <summary>What intake did with one alert.</summary>
public enum AlertOutcome
{
    /// <summary>Stored and folded into a case (new or existing).</summary>
    Stored,
    Duplicate,
    Suppressed,
}

/// <summary>What intake did with a request's alerts.</summary>
public sealed record IntakeResult(int Stored, int Duplicates, int Suppressed)
{
    public static IntakeResult Of(IEnumerable<AlertOutcome> outcomes)
    {
        var list = outcomes.ToList();
        return new IntakeResult(list.Count(o => o != AlertOutcome.Duplicate), list.Count(o => o == AlertOutcome.Duplicate), list.Count(o => o == AlertOutcome.Suppressed));
    }
}

/// <summary>
/// The durable half of intake, in one transaction per batch: store each alert once (idempotency key), apply
/// suppressions, and fold it into its case (same playbook and group key within the window) or open a new case and
/// start its conversation. Acknowledging after this commits means an acknowledged alert is never lost nor asked twice.
/// </summary>
public sealed class IntakeStore(Database db, PlaybookRegistry playbooks, IOptions<SecurityTeam> security)
{
    public async Task<IReadOnlyList<AlertOutcome>> StoreAsync(IReadOnlyList<IncomingAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return await db.InTransactionAsync((connection, transaction) => StoreAsync(connection, transaction, alerts, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Set-based, so a batch costs a handful of round trips however many alerts it holds: classify in memory, lock
    /// the batch's group rows, open the missing cases, insert the alerts already pointing at their case, then one
    /// counter update for all the cases touched.
    /// </summary>
    private async Task<IReadOnlyList<AlertOutcome>> StoreAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IncomingAlert> alerts, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var suppressions = await SuppressionStore.ActiveAsync(connection, transaction, nowMs).ConfigureAwait(false);
        var set = playbooks.Current;
        var rows = new List<Row>(alerts.Count);
        // Replays of stored alerts are known before grouping, so a late replay never opens an empty case.
        var seenKeys = await StoredKeysAsync(connection, transaction, alerts.Select(a => a.IdempotencyKey).Distinct().ToList()).ConfigureAwait(false);
        foreach (var alert in alerts)
        {
            var workload = Workload.FromFields(alert.OutputFields, alert.Hostname);
            // A key repeated inside one batch is a replay like any other.
            if (!seenKeys.Add(alert.IdempotencyKey))
            {
                rows.Add(new Row(alert, workload, null, null, null));
                continue;
            }
            var suppression = suppressions.FirstOrDefault(s => s.Matches(alert.Rule, workload));
            var playbook = suppression is null ? set.Match(ToFinding(alert)) : null;
            rows.Add(new Row(alert, workload, suppression, playbook, playbook is null ? null : GroupKey(playbook, alert, workload)));
        }

        var groups = await LockGroupsAsync(connection, transaction, rows.Where(r => r.GroupKey is not null).Select(r => r.GroupKey!).Distinct().ToList(), nowMs).ConfigureAwait(false);
        var caseOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.GroupKey is not null))
        {
            if (caseOf.ContainsKey(row.GroupKey!)) continue;
            caseOf[row.GroupKey!] = groups.TryGetValue(row.GroupKey!, out var open)
                ? open
                : await OpenCaseAsync(connection, transaction, row.Alert, row.Workload, row.Playbook!, row.GroupKey!, now).ConfigureAwait(false);
        }

        var inserted = await InsertAlertsAsync(connection, transaction, db.IsPostgres ? 400 : 40, rows.Where(r => r.Playbook is not null || r.Suppression is not null).ToList(), caseOf, nowMs).ConfigureAwait(false);
        var outcomes = rows.Select(r => !inserted.Contains(r.Alert.IdempotencyKey) || (r.Playbook is null && r.Suppression is null)
            ? AlertOutcome.Duplicate
            : r.Suppression is null ? AlertOutcome.Stored : AlertOutcome.Suppressed).ToList();
        // A key stored by this batch counts once even if it appeared twice in it.
        var counted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
            if (outcomes[i] != AlertOutcome.Duplicate && !counted.Add(rows[i].Alert.IdempotencyKey)) outcomes[i] = AlertOutcome.Duplicate;

        var perCase = rows.Zip(outcomes).Where(x => x.Second == AlertOutcome.Stored).GroupBy(x => caseOf[x.First.GroupKey!]).Select(g => (Id: g.Key, Count: (long)g.Count())).ToList();
        await AddCountsAsync(connection, transaction, "cases", "alert_count", perCase, nowMs).ConfigureAwait(false);
        var perSuppression = rows.Zip(outcomes).Where(x => x.Second == AlertOutcome.Suppressed).GroupBy(x => x.First.Suppression!.Id).Select(g => (Id: g.Key, Count: (long)g.Count())).ToList();
        await AddCountsAsync(connection, transaction, "suppressions", "hits", perSuppression, null).ConfigureAwait(false);
        return outcomes;
    }

    private static async Task<HashSet<string>> StoredKeysAsync(DbConnection connection, DbTransaction transaction, List<string> keys)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (connection is Npgsql.NpgsqlConnection)
        {
            stored.UnionWith(await connection.QueryAsync<string>("SELECT idempotency_key FROM alerts WHERE idempotency_key = ANY(@keys)",
                new { keys = keys.ToArray() }, transaction).ConfigureAwait(false));
            return stored;
        }
        foreach (var chunk in keys.Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"k{i}", chunk[i]);
            stored.UnionWith(await connection.QueryAsync<string>(
                $"SELECT idempotency_key FROM alerts WHERE idempotency_key IN ({string.Join(", ", chunk.Select((_, i) => $"@k{i}"))})", parameters, transaction).ConfigureAwait(false));
        }
        return stored;
    }

    private sealed record Row(IncomingAlert Alert, Workload Workload, Suppression? Suppression, Playbook? Playbook, string? GroupKey);

    /// <summary>
    /// The cases currently collecting these group keys, with their group rows locked for this transaction. The
    /// placeholder insert makes every row exist before it is locked (in key order, so two replicas cannot deadlock),
    /// so two replicas opening the same group serialize on it instead of both opening a case.
    /// </summary>
    private async Task<Dictionary<string, long>> LockGroupsAsync(DbConnection connection, DbTransaction transaction, List<string> keys, long nowMs)
    {
        var open = new Dictionary<string, long>(StringComparer.Ordinal);
        if (db.IsPostgres)
        {
            var sorted = keys.Order(StringComparer.Ordinal).ToArray();
            await connection.ExecuteAsync("INSERT INTO case_groups (group_key, case_id, window_ends_ms) SELECT k, 0, 0 FROM unnest(@sorted) AS k ORDER BY k ON CONFLICT (group_key) DO NOTHING",
                new { sorted }, transaction).ConfigureAwait(false);
            var rows = await connection.QueryAsync<(string GroupKey, long CaseId, long WindowEndsMs)>(
                "SELECT group_key, case_id, window_ends_ms FROM case_groups WHERE group_key = ANY(@sorted) ORDER BY group_key FOR UPDATE", new { sorted }, transaction).ConfigureAwait(false);
            foreach (var g in rows.Where(g => g.CaseId != 0 && g.WindowEndsMs > nowMs)) open[g.GroupKey] = g.CaseId;
            return open;
        }
        foreach (var chunk in keys.Order(StringComparer.Ordinal).Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"k{i}", chunk[i]);
            var values = string.Join(", ", chunk.Select((_, i) => $"(@k{i}, 0, 0)"));
            await connection.ExecuteAsync($"INSERT INTO case_groups (group_key, case_id, window_ends_ms) VALUES {values} ON CONFLICT (group_key) DO NOTHING",
                parameters, transaction).ConfigureAwait(false);
            var list = string.Join(", ", chunk.Select((_, i) => $"@k{i}"));
            var locked = await connection.QueryAsync<(string GroupKey, long CaseId, long WindowEndsMs)>(
                $"SELECT group_key, case_id, window_ends_ms FROM case_groups WHERE group_key IN ({list}) ORDER BY group_key{db.ForUpdate}", parameters, transaction).ConfigureAwait(false);
            foreach (var g in locked.Where(g => g.CaseId != 0 && g.WindowEndsMs > nowMs)) open[g.GroupKey] = g.CaseId;
        }
        return open;
    }

    /// <summary>Inserts the alerts (multi-row, replays skipped by the unique key); returns the keys actually stored.</summary>
    /// <remarks>
    /// SQLite gets small chunks: binding a parameter by name there is a linear search of the command's parameters
    /// (quadratic in the row count of one statement), while Npgsql indexes them.
    /// </remarks>
    private static async Task<HashSet<string>> InsertAlertsAsync(DbConnection connection, DbTransaction transaction, int rowsPerStatement, List<Row> rows,
        Dictionary<string, long> caseOf, long nowMs)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (connection is Npgsql.NpgsqlConnection && rows.Count > 0)
        {
            // One statement text for every batch size (arrays, not a VALUES list): parsed and planned once.
            stored.UnionWith(await connection.QueryAsync<string>("""
                INSERT INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, workload, case_id, suppression_id, received_ms)
                SELECT k, r, p, t, s, h, o, g, b, w, c, x, @nowMs
                FROM unnest(@k, @r, @p, @t, @s, @h, @o, @g, @b, @w, @c::bigint[], @x::bigint[]) AS v(k, r, p, t, s, h, o, g, b, w, c, x)
                ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
                """, new
            {
                nowMs,
                k = rows.Select(r => r.Alert.IdempotencyKey).ToArray(),
                r = rows.Select(r => r.Alert.Rule).ToArray(),
                p = rows.Select(r => r.Alert.Priority).ToArray(),
                t = rows.Select(r => r.Alert.Time.ToString("O", CultureInfo.InvariantCulture)).ToArray(),
                s = rows.Select(r => r.Alert.Source).ToArray(),
                h = rows.Select(r => r.Alert.Hostname).ToArray(),
                o = rows.Select(r => r.Alert.Output).ToArray(),
                g = rows.Select(r => string.Join(',', r.Alert.Tags)).ToArray(),
                b = rows.Select(r => r.Alert.Json).ToArray(),
                w = rows.Select(r => r.Workload.Key).ToArray(),
                c = rows.Select(r => r.GroupKey is null ? (long?)null : caseOf[r.GroupKey]).ToArray(),
                x = rows.Select(r => r.Suppression?.Id).ToArray(),
            }, transaction).ConfigureAwait(false));
            return stored;
        }
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            var parameters = new DynamicParameters();
            parameters.Add("now", nowMs);
            var values = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                var (alert, workload, suppression, _, groupKey) = chunk[i];
                parameters.Add($"k{i}", alert.IdempotencyKey);
                parameters.Add($"r{i}", alert.Rule);
                parameters.Add($"p{i}", alert.Priority);
                parameters.Add($"t{i}", alert.Time.ToString("O", CultureInfo.InvariantCulture));
                parameters.Add($"s{i}", alert.Source);
                parameters.Add($"h{i}", alert.Hostname);
                parameters.Add($"o{i}", alert.Output);
                parameters.Add($"g{i}", string.Join(',', alert.Tags));
                parameters.Add($"b{i}", alert.Json);
                parameters.Add($"w{i}", workload.Key);
                parameters.Add($"c{i}", groupKey is null ? null : caseOf[groupKey], System.Data.DbType.Int64);
                parameters.Add($"x{i}", suppression?.Id, System.Data.DbType.Int64);
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@k{i}, @r{i}, @p{i}, @t{i}, @s{i}, @h{i}, @o{i}, @g{i}, @b{i}, @w{i}, @c{i}, @x{i}, @now)");
            }
            stored.UnionWith(await connection.QueryAsync<string>($"""
                INSERT INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, workload, case_id, suppression_id, received_ms)
                VALUES {values} ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
                """, parameters, transaction).ConfigureAwait(false));
        }
        return stored;
    }

    /// <summary>One statement adds each id's count (and stamps last_seen for cases), however many ids.</summary>
    private static async Task AddCountsAsync(DbConnection connection, DbTransaction transaction, string table, string column, List<(long Id, long Count)> counts, long? lastSeenMs)
    {
        if (counts.Count == 0) return;
        if (connection is Npgsql.NpgsqlConnection)
        {
            await connection.ExecuteAsync($"""
                UPDATE {table} SET {column} = {table}.{column} + v.n{(lastSeenMs is null ? "" : ", last_seen_ms = @last")}
                FROM unnest(@ids, @ns) AS v(id, n) WHERE {table}.id = v.id
                """, new { ids = counts.Select(c => c.Id).ToArray(), ns = counts.Select(c => c.Count).ToArray(), last = lastSeenMs ?? 0 }, transaction).ConfigureAwait(false);
            return;
        }
        foreach (var chunk in counts.Chunk(500))
        {
            var parameters = new DynamicParameters();
            parameters.Add("last", lastSeenMs ?? 0);
            var values = string.Join(", ", chunk.Select((c, i) =>
            {
                parameters.Add($"i{i}", c.Id);
                parameters.Add($"n{i}", c.Count);
                return $"(@i{i}, @n{i})";
            }));
            var lastSeen = lastSeenMs is null ? "" : ", last_seen_ms = @last";
            await connection.ExecuteAsync($"""
                WITH v (id, n) AS (VALUES {values})
                UPDATE {table} SET {column} = {column} + (SELECT v.n FROM v WHERE v.id = {table}.id){lastSeen}
                WHERE id IN (SELECT id FROM v)
                """, parameters, transaction).ConfigureAwait(false);
        }
    }

    private async Task<long> OpenCaseAsync(DbConnection connection, DbTransaction transaction, IncomingAlert alert, Workload workload,
        Playbook playbook, string groupKey, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var record = new CaseRecord
        {
            GroupKey = groupKey,
            Playbook = playbook.Name,
            Rule = alert.Rule,
            Priority = alert.Priority,
            Source = alert.Source,
            Workload = workload.Key,
            WorkloadJson = JsonSerializer.Serialize(workload),
            AlertCount = 0,
            FirstSeenMs = nowMs,
            LastSeenMs = nowMs,
            WindowEndsMs = nowMs + (long)playbook.Group.Window.TotalMilliseconds,
            Summary = alert.Output.Length > 0 ? alert.Output : alert.Rule,
            DryRun = playbook.DryRun,
            CreatedMs = nowMs,
            UpdatedMs = nowMs,
        };
        var caseId = await CaseStore.InsertAsync(connection, transaction, record).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE case_groups SET case_id = @caseId, window_ends_ms = @WindowEndsMs WHERE group_key = @groupKey",
            new { caseId, record.WindowEndsMs, groupKey }, transaction).ConfigureAwait(false);
        var log = new TransitionLog();
        log.Note("intake", "opened", $"{alert.Rule} on {workload.Key}; playbook {playbook.Name} ({playbook.Origin}){(playbook.DryRun ? ", dry run" : "")}");
        new CaseMachine(record, playbook, security.Value, now, log).Fire(CaseTrigger.Start, "intake");
        await CaseStore.UpdateAsync(connection, transaction, record).ConfigureAwait(false);
        await CaseStore.AppendAsync(connection, transaction, caseId, log, nowMs, record.DryRun).ConfigureAwait(false);
        return caseId;
    }

    private static string GroupKey(Playbook playbook, IncomingAlert alert, Workload workload) =>
        playbook.Name + "|" + string.Join("|", playbook.Group.By.Select(key => key switch
        {
            Hermes.Playbooks.Model.GroupKey.Rule => alert.Rule,
            Hermes.Playbooks.Model.GroupKey.Workload => workload.Key,
            Hermes.Playbooks.Model.GroupKey.Namespace => $"{workload.Cluster}/{workload.Namespace}",
            Hermes.Playbooks.Model.GroupKey.Cluster => workload.Cluster ?? "-",
            _ => workload.Hostname,
        }));

    internal static Finding ToFinding(IncomingAlert alert)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (alert.OutputFields.ValueKind == JsonValueKind.Object)
            foreach (var field in alert.OutputFields.EnumerateObject())
                fields[field.Name] = field.Value.ValueKind switch
                {
                    JsonValueKind.String => field.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => field.Value.GetRawText(),
                };
        FalcoPriorities.TryParse(alert.Priority, out var priority);
        return new Finding(alert.Rule, priority, alert.Tags, alert.Source, fields);
    }
}
