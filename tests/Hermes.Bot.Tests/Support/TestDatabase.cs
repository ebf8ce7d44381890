using Hermes.Bot.Storage;
using Npgsql;

namespace Hermes.Bot.Tests.Support;

/// <summary>
/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a new database on the test
/// PostgreSQL server ($HERMES_TEST_POSTGRES, which tests/run.sh starts), dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(StorageOptions options, string? directory, string? postgresName)
    {
        Options = options;
        _directory = directory;
        _postgresName = postgresName;
    }

    public StorageOptions Options { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("HERMES_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=hermes;Password=hermes;Database=hermes_test";

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("hermes-bot-").FullName;
            return new TestDatabase(new StorageOptions { Provider = "sqlite", DataDirectory = directory }, directory, null);
        }
        var name = $"hermes_t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
        return new TestDatabase(new StorageOptions { Provider = "postgres", ConnectionString = connection }, null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        if (_postgresName is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresServer);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
