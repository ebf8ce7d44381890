using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Hermes.Bot.Intake;

/// <summary>
/// PostgreSQL: arrays instead of VALUES lists (one statement text whatever the batch size, so it is parsed once),
/// the three lookups in one batch, and the insert with its counter updates in one statement: three round trips a
/// batch, commit included.
/// </summary>
internal sealed class PostgresIntakeSql : IntakeSql
{
    public override async Task<(HashSet<string> Stored, Dictionary<string, long> Open)> PrepareAsync(
        DbConnection connection, DbTransaction transaction, string[] keys, string[] sortedGroupKeys, long nowMs)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        batch.BatchCommands.Add(Command("SELECT idempotency_key FROM alerts WHERE idempotency_key = ANY($1)", Text(keys)));
        batch.BatchCommands.Add(Command(
            "INSERT INTO case_groups (group_key, case_id, window_ends_ms) SELECT k, 0, 0 FROM unnest($1) AS k ORDER BY k ON CONFLICT (group_key) DO NOTHING",
            Text(sortedGroupKeys)));
        batch.BatchCommands.Add(Command(
            "SELECT group_key, case_id, window_ends_ms FROM case_groups WHERE group_key = ANY($1) ORDER BY group_key FOR UPDATE", Text(sortedGroupKeys)));
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync().ConfigureAwait(false)) stored.Add(reader.GetString(0));
        // Whether the INSERT shows up as an empty result set is the driver's business: take the rows with three columns.
        var groups = new List<(string, long, long)>();
        while (await reader.NextResultAsync().ConfigureAwait(false))
            while (reader.FieldCount == 3 && await reader.ReadAsync().ConfigureAwait(false))
                groups.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return (stored, OpenGroups(groups, nowMs));
    }

    public override async Task<HashSet<string>> InsertAsync(
        DbConnection connection, DbTransaction transaction, List<IntakeStore.Row> rows, Dictionary<string, long> caseOf, long nowMs)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0) return stored;
        await using var command = new NpgsqlCommand("""
            WITH ins AS (
                INSERT INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, workload, case_id, suppression_id, received_ms)
                SELECT * , $13 FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING idempotency_key, case_id, suppression_id),
            counted_cases AS (
                UPDATE cases SET alert_count = cases.alert_count + x.n, last_seen_ms = $13
                FROM (SELECT case_id, COUNT(*) AS n FROM ins WHERE case_id IS NOT NULL GROUP BY case_id) x WHERE cases.id = x.case_id),
            counted_suppressions AS (
                UPDATE suppressions SET hits = suppressions.hits + x.n
                FROM (SELECT suppression_id, COUNT(*) AS n FROM ins WHERE suppression_id IS NOT NULL GROUP BY suppression_id) x WHERE suppressions.id = x.suppression_id)
            SELECT idempotency_key FROM ins
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(Text(rows.Select(r => r.Alert.IdempotencyKey)));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Rule)));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Priority)));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Time.ToString("O", CultureInfo.InvariantCulture))));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Source)));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Hostname)));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Output)));
        command.Parameters.Add(Text(rows.Select(r => string.Join(',', r.Alert.Tags))));
        command.Parameters.Add(Text(rows.Select(r => r.Alert.Json)));
        command.Parameters.Add(Text(rows.Select(r => r.Workload.Key)));
        command.Parameters.Add(Ids(rows.Select(r => CaseOf(r, caseOf))));
        command.Parameters.Add(Ids(rows.Select(r => r.Suppression?.Id)));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowMs });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) stored.Add(reader.GetString(0));
        return stored;
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter parameter) => new(sql) { Parameters = { parameter } };

    private static NpgsqlParameter Text(IEnumerable<string> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };

    private static NpgsqlParameter Ids(IEnumerable<long?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values.Select(v => v is null ? (object)DBNull.Value : v.Value).ToArray() };
}
