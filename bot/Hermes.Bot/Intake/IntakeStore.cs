using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Dapper;
using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Hermes.Bot.Suppressions;
using Hermes.Playbooks.Model;
using Hermes.Rules.Engine;
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
        var sql = IntakeSql.For(db);
        var set = playbooks.Current;
        var suppressions = await SuppressionStore.ActiveAsync(connection, transaction, nowMs).ConfigureAwait(false);
        var rows = alerts.Select(alert =>
        {
            var workload = Workload.FromFields(alert.OutputFields, alert.Hostname);
            var suppression = suppressions.FirstOrDefault(s => s.Matches(alert.Rule, workload, name => Field(alert, name)));
            var playbook = suppression is null ? set.Match(ToFinding(alert)) : null;
            return new Row(alert, workload, suppression, playbook, playbook is null ? null : GroupKey(playbook, alert, workload));
        }).ToList();

        // Replays (already stored, or repeated inside this batch) are known before grouping: they never open a case.
        var (stored, open) = await sql.PrepareAsync(connection, transaction,
            rows.Select(r => r.Alert.IdempotencyKey).Distinct().ToArray(),
            rows.Where(r => r.GroupKey is not null).Select(r => r.GroupKey!).Distinct().Order(StringComparer.Ordinal).ToArray(), nowMs).ConfigureAwait(false);
        var fresh = rows.Where(r => stored.Add(r.Alert.IdempotencyKey)).ToList();

        var caseOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in fresh.Where(r => r.GroupKey is not null && !caseOf.ContainsKey(r.GroupKey)))
            caseOf[row.GroupKey!] = open.TryGetValue(row.GroupKey!, out var id)
                ? id
                : await OpenCaseAsync(connection, transaction, row.Alert, row.Workload, row.Playbook!, row.GroupKey!, now).ConfigureAwait(false);

        // The insert also adds the counts of the cases and suppressions it touched, for the alerts it really stored.
        var inserted = await sql.InsertAsync(connection, transaction, fresh, caseOf, nowMs).ConfigureAwait(false);
        return rows.Select(r => !inserted.Remove(r.Alert.IdempotencyKey) ? AlertOutcome.Duplicate
            : r.Suppression is null ? AlertOutcome.Stored : AlertOutcome.Suppressed).ToList();
    }

    internal sealed record Row(IncomingAlert Alert, Workload Workload, Suppression? Suppression, Playbook? Playbook, string? GroupKey);

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

    /// <summary>An output field as text (what field conditions of suppressions and playbooks compare).</summary>
    internal static string? Field(IncomingAlert alert, string name) =>
        alert.OutputFields.ValueKind == JsonValueKind.Object && alert.OutputFields.TryGetProperty(name, out var value) ? OutputFieldText.Of(value) : null;

    internal static Finding ToFinding(IncomingAlert alert)
    {
        PriorityNames.TryParse(alert.Priority, out var priority);
        return new Finding(alert.Rule, priority, alert.Tags, alert.Source, OutputFieldText.Lazy(alert.OutputFields));
    }
}
