using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace Hermes.Bot.Intake;

/// <summary>
/// SQLite: in-process, so round trips are cheap; multi-row VALUES in small chunks, because binding a parameter by
/// name there is a linear search of the command's parameters (quadratic in the rows of one statement).
/// </summary>
internal sealed class SqliteIntakeSql : IntakeSql
{
    private const int RowsPerStatement = 40;

    public override async Task<(HashSet<string> Stored, Dictionary<string, long> Open)> PrepareAsync(
        DbConnection connection, DbTransaction transaction, string[] keys, string[] sortedGroupKeys, long nowMs)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
            stored.UnionWith(await connection.QueryAsync<string>(
                $"SELECT idempotency_key FROM alerts WHERE idempotency_key IN ({List(chunk, out var p)})", p, transaction).ConfigureAwait(false));
        var groups = new List<(string, long, long)>();
        foreach (var chunk in sortedGroupKeys.Chunk(500))
        {
            var list = List(chunk, out var parameters);
            var values = string.Join(", ", list.Split(", ").Select(k => $"({k}, 0, 0)"));
            await connection.ExecuteAsync($"INSERT INTO case_groups (group_key, case_id, window_ends_ms) VALUES {values} ON CONFLICT (group_key) DO NOTHING",
                parameters, transaction).ConfigureAwait(false);
            groups.AddRange(await connection.QueryAsync<(string, long, long)>(
                $"SELECT group_key, case_id, window_ends_ms FROM case_groups WHERE group_key IN ({list})", parameters, transaction).ConfigureAwait(false));
        }
        return (stored, OpenGroups(groups, nowMs));
    }

    public override async Task<HashSet<string>> InsertAsync(
        DbConnection connection, DbTransaction transaction, List<IntakeStore.Row> rows, Dictionary<string, long> caseOf, long nowMs)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var parameters = new DynamicParameters();
            parameters.Add("now", nowMs);
            var values = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                var (alert, workload, suppression, _, _) = chunk[i];
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
                parameters.Add($"c{i}", CaseOf(chunk[i], caseOf), System.Data.DbType.Int64);
                parameters.Add($"x{i}", suppression?.Id, System.Data.DbType.Int64);
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@k{i}, @r{i}, @p{i}, @t{i}, @s{i}, @h{i}, @o{i}, @g{i}, @b{i}, @w{i}, @c{i}, @x{i}, @now)");
            }
            stored.UnionWith(await connection.QueryAsync<string>($"""
                INSERT INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, workload, case_id, suppression_id, received_ms)
                VALUES {values} ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
                """, parameters, transaction).ConfigureAwait(false));
        }
        var inserted = rows.Where(r => stored.Contains(r.Alert.IdempotencyKey)).ToList();
        await AddCountsAsync(connection, transaction, "UPDATE cases SET alert_count = alert_count + @n, last_seen_ms = @now WHERE id = @id",
            inserted.Where(r => r.GroupKey is not null).GroupBy(r => caseOf[r.GroupKey!]), nowMs).ConfigureAwait(false);
        await AddCountsAsync(connection, transaction, "UPDATE suppressions SET hits = hits + @n WHERE id = @id",
            inserted.Where(r => r.Suppression is not null).GroupBy(r => r.Suppression!.Id), nowMs).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Runs <paramref name="update"/> (with @id, @n, @now) once per group: a case or suppression and how many alerts it got.</summary>
    private static async Task AddCountsAsync(DbConnection connection, DbTransaction transaction, string update,
        IEnumerable<IGrouping<long, IntakeStore.Row>> groups, long nowMs)
    {
        foreach (var group in groups)
            await connection.ExecuteAsync(update, new { n = group.LongCount(), id = group.Key, now = nowMs }, transaction).ConfigureAwait(false);
    }

    private static string List(string[] values, out DynamicParameters parameters)
    {
        parameters = new DynamicParameters();
        for (var i = 0; i < values.Length; i++) parameters.Add($"k{i}", values[i]);
        return string.Join(", ", values.Select((_, i) => $"@k{i}"));
    }
}
