using Hermes.Bot.Intake;
using Microsoft.Data.Sqlite;

namespace Hermes.Bot.Storage;

/// <summary>
/// Durable alert storage on SQLite (a file in the data directory, WAL). An alert is acknowledged only after its
/// transaction committed; the idempotency key is unique, so a replay is stored once.
/// </summary>
public sealed class AlertStore
{
    private readonly string _connectionString;

    public AlertStore(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS alerts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                rule TEXT NOT NULL,
                priority TEXT NOT NULL,
                time TEXT NOT NULL,
                source TEXT NOT NULL,
                hostname TEXT NOT NULL,
                output TEXT NOT NULL,
                tags TEXT NOT NULL,
                body TEXT NOT NULL,
                received_at TEXT NOT NULL
            );
            """);
    }

    public string Path { get; }

    /// <summary>Stores the alerts in one transaction; returns how many were new (the rest were replays).</summary>
    public int Add(IReadOnlyList<IncomingAlert> alerts, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var added = 0;
        foreach (var alert in alerts)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO alerts (idempotency_key, rule, priority, time, source, hostname, output, tags, body, received_at)
                VALUES ($key, $rule, $priority, $time, $source, $hostname, $output, $tags, $body, $received)
                """;
            command.Parameters.AddWithValue("$key", alert.IdempotencyKey);
            command.Parameters.AddWithValue("$rule", alert.Rule);
            command.Parameters.AddWithValue("$priority", alert.Priority);
            command.Parameters.AddWithValue("$time", alert.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$source", alert.Source);
            command.Parameters.AddWithValue("$hostname", alert.Hostname);
            command.Parameters.AddWithValue("$output", alert.Output);
            command.Parameters.AddWithValue("$tags", string.Join(',', alert.Tags));
            command.Parameters.AddWithValue("$body", alert.Json);
            command.Parameters.AddWithValue("$received", receivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            added += command.ExecuteNonQuery();
        }
        transaction.Commit();
        return added;
    }

    /// <summary>How many alerts are stored.</summary>
    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM alerts";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The stored alerts' rules and keys, oldest first (for the API and tests).</summary>
    public IReadOnlyList<(string Key, string Rule, string Priority)> List(int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, rule, priority FROM alerts ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
