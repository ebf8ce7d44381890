using System.Data.Common;
using Dapper;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Suppressions;

/// <summary>Whitelists and snoozes: stored with scope, expiry and author; removal is recorded, not a delete.</summary>
public sealed class SuppressionStore(Database db)
{
    private const string Columns = "id, kind, rule, scope, scope_value, expires_ms, author, reason, created_ms, removed_ms, removed_by, hits, match_fields";

    public static async Task<IReadOnlyList<Suppression>> ActiveAsync(DbConnection connection, DbTransaction? transaction, long nowMs) =>
        (await connection.QueryAsync<Suppression>(
            $"SELECT {Columns} FROM suppressions WHERE removed_ms IS NULL AND (expires_ms IS NULL OR expires_ms > @nowMs) ORDER BY id",
            new { nowMs }, transaction).ConfigureAwait(false)).ToList();

    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Suppression s) =>
        await connection.ExecuteScalarAsync<long>("""
            INSERT INTO suppressions (kind, rule, scope, scope_value, expires_ms, author, reason, created_ms, hits, match_fields)
            VALUES (@Kind, @Rule, @Scope, @ScopeValue, @ExpiresMs, @Author, @Reason, @CreatedMs, 0, @MatchFields) RETURNING id
            """, s, transaction).ConfigureAwait(false);

    public static Task HitAsync(DbConnection connection, DbTransaction transaction, long id, long count) =>
        connection.ExecuteAsync("UPDATE suppressions SET hits = hits + @count WHERE id = @id", new { id, count }, transaction);

    public async Task<long> AddAsync(Suppression suppression, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await InsertAsync(connection, null, suppression).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Suppression>> ListAsync(bool includeInactive, long nowMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!includeInactive) return await ActiveAsync(connection, null, nowMs).ConfigureAwait(false);
        return (await connection.QueryAsync<Suppression>($"SELECT {Columns} FROM suppressions ORDER BY id").ConfigureAwait(false)).ToList();
    }

    /// <summary>Ends a suppression now; false when there is no such active suppression.</summary>
    public async Task<bool> RemoveAsync(long id, string by, long nowMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE suppressions SET removed_ms = @nowMs, removed_by = @by WHERE id = @id AND removed_ms IS NULL",
            new { id, by, nowMs }).ConfigureAwait(false) == 1;
    }
}
