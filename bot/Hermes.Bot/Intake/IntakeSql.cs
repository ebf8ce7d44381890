using System.Data.Common;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Intake;

/// <summary>
/// The bulk statements of one intake transaction, per engine. The logic (classify, group, open cases) is shared in
/// <see cref="IntakeStore"/>; these only decide how few round trips the same work takes on each database.
/// </summary>
internal abstract class IntakeSql
{
    private static readonly IntakeSql Sqlite = new SqliteIntakeSql();
    private static readonly IntakeSql Postgres = new PostgresIntakeSql();

    public static IntakeSql For(Database db) => db.IsPostgres ? Postgres : Sqlite;

    /// <summary>
    /// Which of the keys are already stored, and the open case of each group key, with the group rows locked for
    /// this transaction. The group rows are created first (placeholder case 0) and locked in key order, so two
    /// replicas opening the same group serialize on its row instead of both opening a case, and never deadlock.
    /// </summary>
    public abstract Task<(HashSet<string> Stored, Dictionary<string, long> Open)> PrepareAsync(
        DbConnection connection, DbTransaction transaction, string[] keys, string[] sortedGroupKeys, long nowMs);

    /// <summary>Inserts the alerts (a replay stored meanwhile is skipped), adds case and suppression counts; returns the keys stored.</summary>
    public abstract Task<HashSet<string>> InsertAsync(
        DbConnection connection, DbTransaction transaction, List<IntakeStore.Row> rows, Dictionary<string, long> caseOf, long nowMs);

    protected static long? CaseOf(IntakeStore.Row row, Dictionary<string, long> caseOf) => row.GroupKey is null ? null : caseOf[row.GroupKey];

    protected static Dictionary<string, long> OpenGroups(IEnumerable<(string GroupKey, long CaseId, long WindowEndsMs)> groups, long nowMs) =>
        groups.Where(g => g.CaseId != 0 && g.WindowEndsMs > nowMs).ToDictionary(g => g.GroupKey, g => g.CaseId, StringComparer.Ordinal);
}
