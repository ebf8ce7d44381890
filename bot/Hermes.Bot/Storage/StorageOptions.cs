namespace Hermes.Bot.Storage;

/// <summary>The <c>Storage</c> section: SQLite in the data directory by default, or PostgreSQL.</summary>
public sealed record StorageOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>For PostgreSQL, an Npgsql connection string; for SQLite, optional (default: hermes.db in the data directory).</summary>
    public string? ConnectionString { get; init; }

    public string DataDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, ".data");
}
