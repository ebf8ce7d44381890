using Dapper;

namespace Hermes.Bot.Storage;

/// <summary>
/// The schema, as numbered migrations applied once each and recorded in <c>schema_migrations</c>. Append new
/// migrations; never edit one that has shipped. On PostgreSQL an advisory lock keeps two replicas starting at once
/// from racing.
/// </summary>
public static class Migrations
{
    private static IReadOnlyList<(int Version, string Name, Func<Database, string> Sql)> All { get; } =
    [
        (1, "alerts, cases, timeline, effects, suppressions, chat messages", db => $"""
            CREATE TABLE alerts (
                id {db.IdentityColumn},
                idempotency_key TEXT NOT NULL UNIQUE,
                rule TEXT NOT NULL,
                priority TEXT NOT NULL,
                time TEXT NOT NULL,
                source TEXT NOT NULL,
                hostname TEXT NOT NULL,
                output TEXT NOT NULL,
                tags TEXT NOT NULL,
                body TEXT NOT NULL,
                workload TEXT NOT NULL,
                case_id BIGINT,
                suppression_id BIGINT,
                received_ms BIGINT NOT NULL
            );
            CREATE INDEX alerts_case ON alerts (case_id, id);
            CREATE TABLE cases (
                id {db.IdentityColumn},
                group_key TEXT NOT NULL,
                playbook TEXT NOT NULL,
                rule TEXT NOT NULL,
                priority TEXT NOT NULL,
                source TEXT NOT NULL,
                state TEXT NOT NULL,
                workload TEXT NOT NULL,
                workload_json TEXT NOT NULL,
                owner TEXT,
                owner_channel TEXT,
                ownership_json TEXT,
                alert_count BIGINT NOT NULL,
                first_seen_ms BIGINT NOT NULL,
                last_seen_ms BIGINT NOT NULL,
                window_ends_ms BIGINT NOT NULL,
                asked_at_ms BIGINT,
                reminders_sent BIGINT NOT NULL DEFAULT 0,
                question_ref TEXT,
                incident_channel TEXT,
                escalation_reason TEXT,
                summary TEXT NOT NULL,
                dry_run BOOLEAN NOT NULL DEFAULT FALSE,
                version BIGINT NOT NULL,
                created_ms BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL
            );
            CREATE INDEX cases_state ON cases (state, id);
            CREATE INDEX cases_rule ON cases (rule, id);
            CREATE INDEX cases_owner ON cases (owner, id);
            CREATE TABLE case_groups (
                group_key TEXT PRIMARY KEY,
                case_id BIGINT NOT NULL,
                window_ends_ms BIGINT NOT NULL
            );
            CREATE TABLE timeline (
                id {db.IdentityColumn},
                case_id BIGINT NOT NULL,
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT,
                detail TEXT NOT NULL
            );
            CREATE INDEX timeline_case ON timeline (case_id, id);
            CREATE TABLE effects (
                id {db.IdentityColumn},
                case_id BIGINT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_ms BIGINT NOT NULL,
                claimed_until_ms BIGINT NOT NULL DEFAULT 0,
                last_error TEXT,
                created_ms BIGINT NOT NULL,
                done_ms BIGINT
            );
            CREATE INDEX effects_due ON effects (status, next_attempt_ms, id);
            CREATE INDEX effects_case ON effects (case_id, id);
            CREATE TABLE suppressions (
                id {db.IdentityColumn},
                kind TEXT NOT NULL,
                rule TEXT NOT NULL,
                scope TEXT NOT NULL,
                scope_value TEXT NOT NULL,
                expires_ms BIGINT,
                author TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                removed_ms BIGINT,
                removed_by TEXT,
                hits BIGINT NOT NULL DEFAULT 0
            );
            CREATE TABLE chat_messages (
                id {db.IdentityColumn},
                idempotency_key TEXT NOT NULL UNIQUE,
                conversation TEXT NOT NULL,
                case_id BIGINT,
                text TEXT NOT NULL,
                blocks TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL
            );
            CREATE INDEX chat_messages_conversation ON chat_messages (conversation, id);
            """),
        (2, "where a chat transport put a message (Slack: channel/ts)", _ => "ALTER TABLE chat_messages ADD COLUMN external_ref TEXT"),
        (3, "suppressions on output-field values (don't ask again for this process)", _ => "ALTER TABLE suppressions ADD COLUMN match_fields TEXT NOT NULL DEFAULT '{}'"),
        (4, "how far each export (Elasticsearch findings, case updates) has shipped", _ => "CREATE TABLE export_cursors (name TEXT PRIMARY KEY, last_id BIGINT NOT NULL)"),
        (5, "collectors' heartbeats (last seen, events/s, drops, version)", _ => """
            CREATE TABLE collectors (
                node TEXT PRIMARY KEY, cluster TEXT, version TEXT NOT NULL, last_seen_ms BIGINT NOT NULL, started_ms BIGINT NOT NULL,
                events BIGINT NOT NULL, drops BIGINT NOT NULL, alerts BIGINT NOT NULL, rules BIGINT NOT NULL, events_per_second DOUBLE PRECISION NOT NULL
            )
            """),
    ];

    public static int Latest => All[^1].Version;

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(Database db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.InTransactionAsync(async (connection, transaction) =>
        {
            if (db.IsPostgres)
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(7263540011)", transaction: transaction).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)",
                transaction: transaction).ConfigureAwait(false);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction).ConfigureAwait(false)).ToHashSet();
            var now = new List<int>();
            foreach (var (version, name, sql) in All.Where(m => !applied.Contains(m.Version)))
            {
                await connection.ExecuteAsync(sql(db), transaction: transaction).ConfigureAwait(false);
                await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (@version, @name, @ms)",
                    new { version, name, ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
                now.Add(version);
            }
            return (IReadOnlyList<int>)now;
        }, cancellationToken).ConfigureAwait(false);
    }
}
