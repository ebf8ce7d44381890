using System.Data.Common;
using Dapper;
using Hermes.Bot.Conversation;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Cases;

/// <summary>Cases, their timeline and their outbox of effects, read and written inside the caller's transaction.</summary>
public sealed class CaseStore(Database db)
{
    private const string Columns = """
        id, group_key, playbook, rule, priority, source, state, workload, workload_json, owner, owner_channel, ownership_json,
        alert_count, first_seen_ms, last_seen_ms, window_ends_ms, asked_at_ms, reminders_sent, question_ref, incident_channel,
        escalation_reason, summary, dry_run, version, created_ms, updated_ms
        """;

    /// <summary>How many cases are in each state (states with none are left out).</summary>
    public async Task<IReadOnlyList<(string State, long Count)>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<(string, long)>("SELECT state, COUNT(*) FROM cases GROUP BY state").ConfigureAwait(false)).ToList();
    }

    public static async Task<CaseRecord?> LoadAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        await connection.QuerySingleOrDefaultAsync<CaseRecord>($"SELECT {Columns} FROM cases WHERE id = @id", new { id }, transaction).ConfigureAwait(false);

    public async Task<CaseRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadAsync(connection, null, id).ConfigureAwait(false);
    }

    /// <summary>Inserts a new case (version 1) and returns its id.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, CaseRecord c)
    {
        c.Version = 1;
        return c.Id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO cases (group_key, playbook, rule, priority, source, state, workload, workload_json, owner, owner_channel, ownership_json,
                alert_count, first_seen_ms, last_seen_ms, window_ends_ms, asked_at_ms, reminders_sent, question_ref, incident_channel,
                escalation_reason, summary, dry_run, version, created_ms, updated_ms)
            VALUES (@GroupKey, @Playbook, @Rule, @Priority, @Source, @State, @Workload, @WorkloadJson, @Owner, @OwnerChannel, @OwnershipJson,
                @AlertCount, @FirstSeenMs, @LastSeenMs, @WindowEndsMs, @AskedAtMs, @RemindersSent, @QuestionRef, @IncidentChannel,
                @EscalationReason, @Summary, @DryRun, @Version, @CreatedMs, @UpdatedMs)
            RETURNING id
            """, c, transaction).ConfigureAwait(false);
    }

    /// <summary>Saves the row if nobody else did since it was read (optimistic version check); false on conflict.</summary>
    public static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, CaseRecord c)
    {
        var rows = await connection.ExecuteAsync("""
            UPDATE cases SET state = @State, owner = @Owner, owner_channel = @OwnerChannel, ownership_json = @OwnershipJson,
                asked_at_ms = @AskedAtMs, reminders_sent = @RemindersSent, escalation_reason = @EscalationReason,
                incident_channel = @IncidentChannel, question_ref = @QuestionRef, updated_ms = @UpdatedMs, version = version + 1
            WHERE id = @Id AND version = @Version
            """, c, transaction).ConfigureAwait(false);
        if (rows == 1) c.Version++;
        return rows == 1;
    }

    /// <summary>Writes the log of one firing: timeline lines and effects (an effect already recorded is kept, not repeated).</summary>
    public static async Task AppendAsync(DbConnection connection, DbTransaction transaction, long caseId, TransitionLog log, long nowMs, bool dryRun)
    {
        foreach (var line in log.Timeline)
            await connection.ExecuteAsync(
                "INSERT INTO timeline (case_id, at_ms, actor, kind, from_state, to_state, detail) VALUES (@caseId, @nowMs, @Actor, @Kind, @From, @To, @Detail)",
                new { caseId, nowMs, line.Actor, line.Kind, line.From, line.To, line.Detail }, transaction).ConfigureAwait(false);
        foreach (var effect in log.Effects)
        {
            if (dryRun && EffectKind.IsExternal(effect.Kind)) effect.Payload["dry_run"] = true;
            await connection.ExecuteAsync("""
                INSERT INTO effects (case_id, kind, payload, idempotency_key, status, next_attempt_ms, created_ms)
                VALUES (@caseId, @Kind, @payload, @IdempotencyKey, 'pending', @nowMs, @nowMs)
                ON CONFLICT (idempotency_key) DO NOTHING
                """, new { caseId, effect.Kind, payload = effect.Payload.ToJsonString(), effect.IdempotencyKey, nowMs }, transaction).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CaseRecord>> ListAsync(string? state, string? rule, string? owner, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CaseRecord>($"""
            SELECT {Columns} FROM cases
            WHERE (@state IS NULL OR state = @state) AND (@rule IS NULL OR rule = @rule) AND (@owner IS NULL OR owner = @owner)
            ORDER BY id DESC LIMIT @limit
            """, new { state, rule, owner, limit }).ConfigureAwait(false);
        return rows.ToList();
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<TimelineEntry>(
            "SELECT id, at_ms, actor, kind, from_state, to_state, detail FROM timeline WHERE case_id = @caseId ORDER BY id", new { caseId }).ConfigureAwait(false)).ToList();
    }

    /// <summary>The output fields of the case's first alert, as text: what field-scoped suppressions compare.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> FirstAlertFieldsAsync(long caseId, CancellationToken cancellationToken = default)
    {
        var first = (await AlertsAsync(caseId, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (first is null) return new Dictionary<string, string?>();
        using var doc = System.Text.Json.JsonDocument.Parse(first.Body);
        return doc.RootElement.TryGetProperty("output_fields", out var output) ? Intake.OutputFieldText.All(output) : new Dictionary<string, string?>();
    }

    public async Task<IReadOnlyList<StoredAlert>> AlertsAsync(long caseId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<StoredAlert>(
            "SELECT id, idempotency_key, rule, priority, time, output, body, received_ms FROM alerts WHERE case_id = @caseId ORDER BY id LIMIT @limit",
            new { caseId, limit }).ConfigureAwait(false)).ToList();
    }
}

public sealed record TimelineEntry(long Id, long AtMs, string Actor, string Kind, string? FromState, string? ToState, string Detail);

public sealed record StoredAlert(long Id, string IdempotencyKey, string Rule, string Priority, string Time, string Output, string Body, long ReceivedMs);
