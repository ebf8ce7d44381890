using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;
using Hermes.Bot.Effects;
using Hermes.Bot.Intake;
using Hermes.Bot.Interactions;
using Hermes.Bot.Metrics;
using Hermes.Bot.Ownership;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Hermes.Bot.Suppressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Tests.Support;

/// <summary>
/// The bot's core wired by hand over a real database (SQLite or PostgreSQL): the real intake store, machine,
/// outbox, worker, console chat and catalog ownership; a manual clock and manual timers so a test walks a
/// conversation through hours in milliseconds. Alice owns namespace <c>shop</c>; nobody owns <c>orphans</c>;
/// sam is in the security team.
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    public const string Playbooks = """
        playbooks:
          - name: needs-reason
            match: {rules: ["Needs reason"]}
            ask_owner: {timeout: 30m, require_reason: true}
          - name: rehearsal
            match: {rules: ["Dry rule"]}
            ask_owner: {timeout: 30m, reminders: [10m]}
            dry_run: true
          - name: ask-owner
            match: {priority: ">=Warning"}
            group: {window: 1h, by: [rule, workload]}
            ask_owner: {timeout: 30m, reminders: [10m, 20m], allow_whitelist: true}
            escalate: {severity: high, page: true}
            quiet_on_confirm: {for: 2h, scope: workload}
          - name: announce
            default: true
            notify: {channel: "#falco"}
        """;

    public const string Catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: shop-frontend
          annotations:
            github.com/project-slug: acme/shop
            backstage.io/kubernetes-namespace: shop
            slack.com/bot-notify: "#shop"
        spec: {type: service, lifecycle: production, owner: user:alice}
        """;

    private readonly string _files;
    private int _sequence;

    private BotHarness(TestDatabase database, string files)
    {
        TestDatabase = database;
        _files = files;
        Time = new ManualTime(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        Database = new Database(database.Options);
        File.WriteAllText(Path.Combine(files, "playbooks.yaml"), Playbooks);
        File.WriteAllText(Path.Combine(files, "catalog.yaml"), Catalog);
        Registry = new PlaybookRegistry(Path.Combine(files, "playbooks.yaml"), NullLogger<PlaybookRegistry>.Instance);
        var security = Options.Create(new SecurityTeam { Members = ["sam"], TriageChannel = "#security-triage", OnCall = "sec-oncall" });
        Conversations = new ConversationService(Database, Registry, security, Time, NullLogger<ConversationService>.Instance);
        Intake = new IntakeStore(Database, Registry, security);
        Cases = new CaseStore(Database);
        Chat = new ConsoleChat(Database, Time);
        Timers = new ManualTimers();
        var executor = new EffectExecutor(Database, Cases, Conversations, Registry, Chat, Chat, Timers,
            new ResolverOwnership(Hermes.Ownership.OwnershipService.Create(
                new Hermes.Ownership.OwnershipOptions { CatalogPath = Path.Combine(files, "catalog.yaml"), Registry = new() { Enabled = false } }, Time, new HttpClient())), Time);
        Worker = new EffectWorker(new EffectStore(Database), executor, Time, new BotMetrics(), NullLogger<EffectWorker>.Instance);
        Interactions = new InteractionHandler(Conversations, Cases, new SuppressionService(new SuppressionStore(Database), Cases, Conversations), Chat, Time);
    }

    public TestDatabase TestDatabase { get; }
    public ManualTime Time { get; }
    public Database Database { get; }
    public PlaybookRegistry Registry { get; }
    public ConversationService Conversations { get; }
    public IntakeStore Intake { get; }
    public CaseStore Cases { get; }
    public ConsoleChat Chat { get; }
    public ManualTimers Timers { get; }
    public EffectWorker Worker { get; }
    public InteractionHandler Interactions { get; }

    public static async Task<BotHarness> CreateAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var harness = new BotHarness(database, Directory.CreateTempSubdirectory("hermes-harness-").FullName);
        await Migrations.ApplyAsync(harness.Database);
        return harness;
    }

    /// <summary>A Falco alert as the collector sends it.</summary>
    public IncomingAlert Alert(string rule = "Terminal shell in container", string priority = "Warning", string ns = "shop", string pod = "web-1",
        string output = "A shell was spawned in a container (user=root shell=bash)", string? key = null, string process = "bash")
    {
        var fields = new JsonObject { ["k8s.ns.name"] = ns, ["k8s.pod.name"] = pod, ["proc.name"] = process, ["hermes.cluster"] = "eu-1" };
        var json = new JsonObject { ["rule"] = rule, ["priority"] = priority, ["time"] = Time.GetUtcNow().ToString("O"), ["output"] = output, ["output_fields"] = fields }.ToJsonString();
        var parsed = AlertParser.Parse(json, out var problems) ?? throw new InvalidOperationException(string.Join("; ", problems));
        var alert = parsed[0];
        return alert with { IdempotencyKey = key ?? $"test-{Interlocked.Increment(ref _sequence)}" };
    }

    /// <summary>Intake, then the outbox until it is empty (ownership, question, timers).</summary>
    public async Task<IReadOnlyList<AlertOutcome>> ReceiveAsync(params IncomingAlert[] alerts)
    {
        var outcomes = await Intake.StoreAsync(alerts, Time.GetUtcNow());
        await Worker.RunDueAsync();
        return outcomes;
    }

    /// <summary>Moves the clock, fires due timers, runs the outbox.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Timers.FireDueAsync(Conversations, Time.GetUtcNow());
        await Worker.RunDueAsync();
    }

    public Task<(AnswerOutcome Outcome, string Reply)> ClickAsync(string actor, long caseId, bool wasMe, string? reason = null) =>
        ActAsync(actor, wasMe ? CaseMessages.ConfirmAction : CaseMessages.DenyAction, caseId.ToString(System.Globalization.CultureInfo.InvariantCulture), reason);

    /// <summary>Any interaction (button or select), then the outbox.</summary>
    public async Task<(AnswerOutcome Outcome, string Reply)> ActAsync(string actor, string actionId, string value, string? reason = null)
    {
        var result = await Interactions.HandleAsync(actor, actionId, value, reason, CancellationToken.None);
        await Worker.RunDueAsync();
        return result;
    }

    public async Task<CaseRecord> CaseAsync(long id) => await Cases.GetAsync(id) ?? throw new InvalidOperationException($"no case {id}");

    public async Task<IReadOnlyList<CaseRecord>> AllCasesAsync() => await Cases.ListAsync(null, null, null, 1000);

    /// <summary>The messages of one console conversation (user:alice, channel:#x, pager:…), oldest first.</summary>
    public async Task<IReadOnlyList<(string Text, JsonArray Blocks)>> MessagesAsync(string conversation)
    {
        await using var connection = await Database.OpenAsync();
        var rows = await connection.QueryAsync<(string Text, string Blocks)>(
            "SELECT text, blocks FROM chat_messages WHERE conversation = @conversation ORDER BY id", new { conversation });
        return rows.Select(r => (r.Text, (JsonArray)JsonNode.Parse(r.Blocks)!)).ToList();
    }

    public async Task<IReadOnlyList<string>> ConversationsAsync()
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT DISTINCT conversation FROM chat_messages ORDER BY conversation")).ToList();
    }

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    public async ValueTask DisposeAsync()
    {
        Database.Dispose();
        await TestDatabase.DisposeAsync();
        if (Directory.Exists(_files)) Directory.Delete(_files, recursive: true);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
