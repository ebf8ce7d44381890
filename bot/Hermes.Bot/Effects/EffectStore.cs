using Dapper;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Effects;

/// <summary>One effect waiting in the outbox.</summary>
public sealed record EffectRow(long Id, long CaseId, string Kind, string Payload, string IdempotencyKey, long Attempts);

/// <summary>
/// The outbox. A worker claims an effect by lease (so two replicas never run it at once), in id order per case (so
/// a case's question is sent before it is updated), and records the outcome.
/// </summary>
public sealed class EffectStore(Database db)
{
    /// <summary>
    /// How long a claim holds. Longer than any one effect takes (chat calls time out well within it); short enough
    /// that an effect claimed by a replica that died (SIGKILL, node loss) runs elsewhere within half a minute.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Claims up to <paramref name="limit"/> due effects; each is this caller's until the lease ends.</summary>
    public async Task<IReadOnlyList<EffectRow>> ClaimDueAsync(long nowMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var candidates = await connection.QueryAsync<EffectRow>("""
            SELECT id, case_id, kind, payload, idempotency_key, attempts FROM effects e
            WHERE status = 'pending' AND next_attempt_ms <= @nowMs AND claimed_until_ms < @nowMs
              AND NOT EXISTS (SELECT 1 FROM effects p WHERE p.case_id = e.case_id AND p.id < e.id AND p.status = 'pending')
            ORDER BY id LIMIT @limit
            """, new { nowMs, limit }).ConfigureAwait(false);
        var claimed = new List<EffectRow>();
        foreach (var effect in candidates)
        {
            var rows = await connection.ExecuteAsync("""
                UPDATE effects SET claimed_until_ms = @until, attempts = attempts + 1
                WHERE id = @Id AND status = 'pending' AND claimed_until_ms < @nowMs
                """, new { effect.Id, nowMs, until = nowMs + (long)Lease.TotalMilliseconds }).ConfigureAwait(false);
            if (rows == 1) claimed.Add(effect with { Attempts = effect.Attempts + 1 });
        }
        return claimed;
    }

    public async Task CompleteAsync(long id, long nowMs, string? note, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE effects SET status = 'done', done_ms = @nowMs, last_error = @note WHERE id = @id",
            new { id, nowMs, note }).ConfigureAwait(false);
    }

    public async Task RetryAsync(long id, long nextMs, string error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE effects SET next_attempt_ms = @nextMs, claimed_until_ms = 0, last_error = @error WHERE id = @id",
            new { id, nextMs, error }).ConfigureAwait(false);
    }

    public async Task FailAsync(long id, long caseId, long nowMs, string kind, string error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE effects SET status = 'failed', done_ms = @nowMs, last_error = @error WHERE id = @id",
            new { id, nowMs, error }).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO timeline (case_id, at_ms, actor, kind, detail) VALUES (@caseId, @nowMs, 'hermes', 'effect_failed', @detail)",
            new { caseId, nowMs, detail = $"{kind} failed for good: {error}" }).ConfigureAwait(false);
    }

    public async Task<long> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM effects WHERE status = 'pending'").ConfigureAwait(false);
    }
}
