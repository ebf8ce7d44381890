using System.Data.Common;
using System.Globalization;
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

    private async Task<IReadOnlyList<AlertOutcome>> StoreAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IncomingAlert> alerts, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var suppressions = await SuppressionStore.ActiveAsync(connection, transaction, nowMs).ConfigureAwait(false);
        var set = playbooks.Current;
        var outcomes = new AlertOutcome[alerts.Count];
        var joined = new Dictionary<long, (long Count, long LastMs)>();
        var hits = new Dictionary<long, long>();
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            var workload = Workload.FromFields(alert.OutputFields, alert.Hostname);
            var alertId = await connection.ExecuteScalarAsync<long?>("""
                INSERT INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, workload, received_ms)
                VALUES (@IdempotencyKey, @Rule, @Priority, @time, @Source, @Hostname, @Output, @tags, @Json, @workload, @nowMs)
                ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
                """, new
            {
                alert.IdempotencyKey, alert.Rule, alert.Priority, time = alert.Time.ToString("O", CultureInfo.InvariantCulture),
                alert.Source, alert.Hostname, alert.Output, tags = string.Join(',', alert.Tags), alert.Json, workload = workload.Key, nowMs,
            }, transaction).ConfigureAwait(false);
            if (alertId is null)
            {
                outcomes[i] = AlertOutcome.Duplicate;
                continue;
            }
            if (suppressions.FirstOrDefault(s => s.Matches(alert.Rule, workload)) is { } suppression)
            {
                outcomes[i] = AlertOutcome.Suppressed;
                hits[suppression.Id] = hits.GetValueOrDefault(suppression.Id) + 1;
                await connection.ExecuteAsync("UPDATE alerts SET suppression_id = @sid WHERE id = @alertId",
                    new { sid = suppression.Id, alertId }, transaction).ConfigureAwait(false);
                continue;
            }
            var playbook = set.Match(ToFinding(alert));
            var groupKey = GroupKey(playbook, alert, workload);
            var caseId = await OpenCaseIdAsync(connection, transaction, groupKey, nowMs).ConfigureAwait(false);
            if (caseId is { } existing)
            {
                var seen = joined.GetValueOrDefault(existing);
                joined[existing] = (seen.Count + 1, nowMs);
            }
            else
            {
                caseId = await OpenCaseAsync(connection, transaction, alert, workload, playbook, groupKey, now).ConfigureAwait(false);
            }
            await connection.ExecuteAsync("UPDATE alerts SET case_id = @caseId WHERE id = @alertId", new { caseId, alertId }, transaction).ConfigureAwait(false);
        }
        // One counter update per case, however many alerts of the storm joined it in this batch.
        foreach (var (caseId, (count, lastMs)) in joined)
            await connection.ExecuteAsync("UPDATE cases SET alert_count = alert_count + @count, last_seen_ms = @lastMs WHERE id = @caseId",
                new { caseId, count, lastMs }, transaction).ConfigureAwait(false);
        foreach (var (id, count) in hits) await SuppressionStore.HitAsync(connection, transaction, id, count).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>
    /// The case currently collecting this group key, locked for this transaction. The placeholder insert makes the
    /// group row exist before it is locked, so two replicas opening the same group serialize on it instead of both
    /// opening a case.
    /// </summary>
    private async Task<long?> OpenCaseIdAsync(DbConnection connection, DbTransaction transaction, string groupKey, long nowMs)
    {
        await connection.ExecuteAsync("INSERT INTO case_groups (group_key, case_id, window_ends_ms) VALUES (@groupKey, 0, 0) ON CONFLICT (group_key) DO NOTHING",
            new { groupKey }, transaction).ConfigureAwait(false);
        var group = await connection.QuerySingleAsync<(long CaseId, long WindowEndsMs)>(
            $"SELECT case_id, window_ends_ms FROM case_groups WHERE group_key = @groupKey{db.ForUpdate}", new { groupKey }, transaction).ConfigureAwait(false);
        return group.CaseId != 0 && group.WindowEndsMs > nowMs ? group.CaseId : null;
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
            AlertCount = 1,
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
