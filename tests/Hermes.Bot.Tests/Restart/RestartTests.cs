using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Hermes.Bot.Storage;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Restart;

/// <summary>
/// SIGKILL the bot in the middle of a conversation, twice: right after an alert is acknowledged (effects still in
/// the outbox), and while the owner is being asked (timers pending in Quartz's store). After each restart the
/// outbox and the timers carry on, and every effect has happened exactly once. Real time, seconds-long playbook;
/// an effect the killed process had claimed runs after its lease (EffectStore.Lease) ends.
/// </summary>
public abstract class RestartTests(string provider) : IAsyncLifetime
{
    private const string Playbook = """
        playbooks:
          - name: quick
            match: {priority: ">=Warning"}
            ask_owner: {timeout: 6s, reminders: [3s]}
            escalate: {severity: high, page: true}
        """;

    private TestDatabase _db = null!;
    private string _files = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _files = Directory.CreateTempSubdirectory("hermes-restart-").FullName;
        Directory.CreateDirectory(Path.Combine(_files, "playbooks"));
        await File.WriteAllTextAsync(Path.Combine(_files, "playbooks", "quick.yaml"), Playbook);
        await File.WriteAllTextAsync(Path.Combine(_files, "catalog.yaml"), BotHarness.Catalog);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["Storage__Provider"] = _db.Options.Provider,
        ["Storage__ConnectionString"] = _db.Options.ConnectionString ?? "",
        ["Storage__DataDirectory"] = _db.Options.DataDirectory,
        ["Playbooks__Path"] = Path.Combine(_files, "playbooks"),
        ["Ownership__CatalogPath"] = Path.Combine(_files, "catalog.yaml"),
        ["Intake__Tokens__0"] = "t",
        ["Security__Members__0"] = "sam",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Hermes"] = "Information",
    };

    [Fact]
    public async Task KilledTwice_MidConversation_EveryEffectHappensExactlyOnce()
    {
        using (var first = await BotProcess.StartAsync(Environment()))
        {
            using var client = new HttpClient { BaseAddress = first.Url };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts")
            {
                Content = new StringContent("""
                    {"rule":"Terminal shell in container","priority":"Warning","time":"2026-11-23T10:00:00Z","output":"shell",
                     "output_fields":{"k8s.ns.name":"shop","k8s.pod.name":"web-1","hermes.idempotency_key":"restart-1"}}
                    """, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
            first.KillHard();
        }
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM cases"));

        using (var second = await BotProcess.StartAsync(Environment()))
        {
            await WaitAsync(second, "SELECT COUNT(*) FROM chat_messages WHERE conversation = 'user:alice'", 1);
            second.KillHard();
        }
        // Down past the reminder and the timeout: both misfire and must fire on the next start.
        await Task.Delay(TimeSpan.FromSeconds(7));

        using var third = await BotProcess.StartAsync(Environment());
        await WaitAsync(third, "SELECT COUNT(*) FROM cases WHERE state = 'Escalated'", 1);
        await WaitAsync(third, "SELECT COUNT(*) FROM effects WHERE status = 'pending'", 0);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM effects WHERE status = 'failed'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM chat_messages WHERE conversation = 'user:alice' AND idempotency_key LIKE '%/ask'"));
        Assert.True(await CountAsync("SELECT COUNT(*) FROM chat_messages WHERE conversation = 'user:alice' AND idempotency_key LIKE '%/remind/%'") <= 1);
        Assert.True(1 == await CountAsync("SELECT COUNT(*) FROM chat_messages WHERE conversation = 'pager:security-oncall'"), await DumpAsync());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM chat_messages WHERE conversation = 'channel:#security-triage'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM timeline WHERE to_state = 'Escalated'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM effects WHERE kind = 'escalate'"));
        using var api = new HttpClient { BaseAddress = third.Url };
        var cases = await api.GetFromJsonAsync<JsonArray>("/api/v1/cases");
        Assert.Equal("timed_out", (string?)cases![0]!["escalationReason"]);
    }

    private async Task<string> DumpAsync()
    {
        using var db = new Database(_db.Options);
        await using var connection = await db.OpenAsync();
        var messages = await connection.QueryAsync<(string, string)>("SELECT conversation, text FROM chat_messages ORDER BY id");
        var effects = await connection.QueryAsync<(string, string, string)>("SELECT kind, status, payload FROM effects ORDER BY id");
        return string.Join("\n", messages.Select(m => $"{m.Item1}: {m.Item2}").Concat(effects.Select(e => $"{e.Item1} {e.Item2} {e.Item3}")));
    }

    private async Task<long> CountAsync(string sql)
    {
        using var db = new Database(_db.Options);
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task WaitAsync(BotProcess bot, string sql, long expected)
    {
        // Up to a minute: an effect claimed by the killed process waits out its 30-second lease.
        for (var i = 0; i < 600; i++)
        {
            if (await CountAsync(sql) == expected) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{sql} never became {expected}:\n{await DumpAsync()}\n{bot.Log}");
    }
}

public sealed class SqliteRestartTests() : RestartTests("sqlite");

public sealed class PostgresRestartTests() : RestartTests("postgres");
