using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;
using Hermes.Bot.Intake;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Conversation;

/// <summary>
/// Whole conversations over the real intake, machine, outbox, worker and console transport, with a manual clock.
/// Run once on SQLite and once on PostgreSQL (the subclasses below).
/// </summary>
public abstract class ConversationTests(string provider) : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<CaseRecord> OpenAsync(string ns = "shop")
    {
        await _bot.ReceiveAsync(_bot.Alert(ns: ns));
        return Assert.Single(await _bot.AllCasesAsync());
    }

    [Fact]
    public async Task NewAlert_AsksTheOwnerWithYesNoButtons()
    {
        var c = await OpenAsync();
        Assert.Equal(CaseState.Asking, c.CaseState);
        Assert.Equal("alice", c.Owner);
        var question = Assert.Single(await _bot.MessagesAsync("user:alice"));
        Assert.StartsWith("Was this you?", question.Text, StringComparison.Ordinal);
        var actions = question.Blocks.Single(b => (string?)b!["type"] == "actions")!;
        Assert.Equal(["hermes_confirm", "hermes_deny", "hermes_whitelist"], actions["elements"]!.AsArray().Select(e => (string)e!["action_id"]!));
        Assert.Equal(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)actions["elements"]![0]!["value"]);
        Assert.Equal(2, _bot.Timers.Scheduled.Count);
        Assert.Equal(_bot.Time.GetUtcNow() + TimeSpan.FromMinutes(10), _bot.Timers.Scheduled[(c.Id, "reminder")].Due);
        Assert.Equal(_bot.Time.GetUtcNow() + TimeSpan.FromMinutes(30), _bot.Timers.Scheduled[(c.Id, "timeout")].Due);
    }

    [Fact]
    public async Task Confirm_FromOwner_ClosesCaseUpdatesQuestionAndQuietsTheWorkload()
    {
        var c = await OpenAsync();
        var (outcome, _) = await _bot.ClickAsync("alice", c.Id, wasMe: true, reason: "debugging a 500");
        Assert.Equal(AnswerOutcome.Accepted, outcome);
        c = await _bot.CaseAsync(c.Id);
        Assert.Equal(CaseState.Confirmed, c.CaseState);
        Assert.Empty(_bot.Timers.Scheduled);
        var question = Assert.Single(await _bot.MessagesAsync("user:alice"));
        Assert.DoesNotContain(question.Blocks, b => (string?)b!["type"] == "actions");
        Assert.Contains("confirmed by alice: debugging a 500", question.Blocks.ToJsonString(), StringComparison.Ordinal);

        // Quiet on confirm: the same rule on the same workload is stored and counted, not asked about, for 2 hours.
        var outcomes = await _bot.ReceiveAsync(_bot.Alert());
        Assert.Equal([AlertOutcome.Suppressed], outcomes);
        Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(1, await _bot.CountAsync("SELECT hits FROM suppressions"));
        await _bot.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal([AlertOutcome.Stored], await _bot.ReceiveAsync(_bot.Alert()));
        Assert.Equal(2, (await _bot.AllCasesAsync()).Count);
    }

    [Fact]
    public async Task DontAskAgain_ForThisProcess_ConfirmsAndWhitelistsOnlyThatProcess()
    {
        var c = await OpenAsync();
        var question = Assert.Single(await _bot.MessagesAsync("user:alice"));
        var select = question.Blocks.Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray().Single(e => (string?)e!["type"] == "static_select")!;
        Assert.NotNull(select["confirm"]);
        Assert.Equal(3, select["options"]!.AsArray().Count);
        Assert.Equal(AnswerOutcome.NotAllowed, (await _bot.ActAsync("mallory", "hermes_whitelist", $"{c.Id}:process")).Outcome);
        var (outcome, reply) = await _bot.ActAsync("alice", "hermes_whitelist", $"{c.Id}:process");
        Assert.Equal(AnswerOutcome.Accepted, outcome);
        Assert.Contains("will not ask again for this process name", reply, StringComparison.Ordinal);
        Assert.Equal(CaseState.Confirmed, (await _bot.CaseAsync(c.Id)).CaseState);

        // Another pod of the namespace running bash: suppressed. Another process: asked again.
        Assert.Equal([AlertOutcome.Suppressed], await _bot.ReceiveAsync(_bot.Alert(pod: "web-7")));
        await _bot.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal([AlertOutcome.Suppressed], await _bot.ReceiveAsync(_bot.Alert(pod: "web-8")));
        Assert.Equal([AlertOutcome.Stored], await _bot.ReceiveAsync(_bot.Alert(pod: "web-9", process: "sh")));
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM suppressions WHERE kind = 'whitelist' AND match_fields LIKE '%proc.name%bash%'"));
    }

    [Fact]
    public async Task DontAskAgain_WithoutTheProcessFields_IsRefused()
    {
        var c = await OpenAsync();
        Assert.Equal(AnswerOutcome.NotFound, (await _bot.ActAsync("alice", "hermes_whitelist", $"{c.Id}:parent_cmdline")).Outcome);
        Assert.Equal(CaseState.Asking, (await _bot.CaseAsync(c.Id)).CaseState);
    }

    [Fact]
    public async Task Deny_FromOwner_EscalatesToIncident()
    {
        var c = await OpenAsync();
        var (outcome, reply) = await _bot.ClickAsync("alice", c.Id, wasMe: false, reason: "never touched it");
        Assert.Equal(AnswerOutcome.Accepted, outcome);
        Assert.Contains("escalated", reply, StringComparison.Ordinal);
        c = await _bot.CaseAsync(c.Id);
        Assert.Equal(CaseState.Escalated, c.CaseState);
        Assert.Equal("denied", c.EscalationReason);
        Assert.Equal($"#inc-2026-11-23-{c.Id}-terminal-shell-in-container", c.IncidentChannel);
        var room = await _bot.MessagesAsync($"channel:{c.IncidentChannel}");
        Assert.Contains("alice, sam", room[0].Blocks.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(room, m => m.Text.StartsWith("Incident (high)", StringComparison.Ordinal));
        Assert.Contains("never touched it", room[1].Blocks.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(await _bot.MessagesAsync("channel:#security-triage"));
        Assert.Single(await _bot.MessagesAsync("pager:sec-oncall"));
        Assert.Empty(_bot.Timers.Scheduled);
    }

    [Fact]
    public async Task Silence_RemindsAtEveryReminderThenTimesOutAndEscalates()
    {
        var c = await OpenAsync();
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Single(await _bot.MessagesAsync("user:alice"));
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CaseState.Reminding, (await _bot.CaseAsync(c.Id)).CaseState);
        Assert.Equal(2, (await _bot.MessagesAsync("user:alice")).Count);
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        var inbox = await _bot.MessagesAsync("user:alice");
        Assert.Equal(3, inbox.Count);
        Assert.StartsWith("Reminder", inbox[2].Text, StringComparison.Ordinal);
        Assert.Equal(2, (await _bot.CaseAsync(c.Id)).RemindersSent);
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Equal(CaseState.Reminding, (await _bot.CaseAsync(c.Id)).CaseState);
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        c = await _bot.CaseAsync(c.Id);
        Assert.Equal(CaseState.Escalated, c.CaseState);
        Assert.Equal("timed_out", c.EscalationReason);
        Assert.Single(await _bot.MessagesAsync("pager:sec-oncall"));
        Assert.Equal(3, (await _bot.MessagesAsync("user:alice")).Count);
    }

    [Fact]
    public async Task LateAnswer_AfterEscalation_IsRecordedAndPostedToTheIncident()
    {
        var c = await OpenAsync();
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        c = await _bot.CaseAsync(c.Id);
        Assert.Equal(CaseState.Escalated, c.CaseState);
        var (outcome, _) = await _bot.ClickAsync("alice", c.Id, wasMe: true, reason: "sorry, was on a train");
        Assert.Equal(AnswerOutcome.RecordedLate, outcome);
        Assert.Equal(CaseState.Escalated, (await _bot.CaseAsync(c.Id)).CaseState);
        var room = await _bot.MessagesAsync($"channel:{c.IncidentChannel}");
        Assert.Contains(room, m => m.Text.Contains("alice answered yes, it was me after the case was escalated: sorry, was on a train", StringComparison.Ordinal));
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM timeline WHERE case_id = @id AND kind = 'late_answer'", new { id = c.Id }));
    }

    [Fact]
    public async Task DoubleClick_IsOneTransition()
    {
        var c = await OpenAsync();
        Assert.Equal(AnswerOutcome.Accepted, (await _bot.ClickAsync("alice", c.Id, wasMe: true)).Outcome);
        Assert.Equal(AnswerOutcome.Duplicate, (await _bot.ClickAsync("alice", c.Id, wasMe: true)).Outcome);
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM timeline WHERE case_id = @id AND to_state = 'Confirmed'", new { id = c.Id }));
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM effects WHERE case_id = @id AND kind = 'quiet'", new { id = c.Id }));
    }

    [Fact]
    public async Task TwoReplicas_AnsweringTheSameClick_EscalateOnce()
    {
        var c = await OpenAsync();
        // Two services over the same database: what two bot replicas behind a load balancer are.
        var other = new ConversationService(_bot.Database, _bot.Registry, Microsoft.Extensions.Options.Options.Create(_bot.Conversations.Security),
            _bot.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConversationService>.Instance);
        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? _bot.Conversations : other).AnswerAsync(c.Id, new Answer("alice", false, null))));
        Assert.Equal(1, results.Count(r => r == AnswerOutcome.Accepted));
        await _bot.Worker.RunDueAsync();
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM effects WHERE case_id = @id AND kind = 'escalate'", new { id = c.Id }));
        Assert.Single(await _bot.MessagesAsync("pager:sec-oncall"));
        Assert.Single(await _bot.MessagesAsync("channel:#security-triage"));
    }

    [Fact]
    public async Task AnswerFromSomeoneNotAsked_IsRefusedAndAudited()
    {
        var c = await OpenAsync();
        var (outcome, reply) = await _bot.ClickAsync("mallory", c.Id, wasMe: true);
        Assert.Equal(AnswerOutcome.NotAllowed, outcome);
        Assert.Contains("Only the person asked", reply, StringComparison.Ordinal);
        Assert.Equal(CaseState.Asking, (await _bot.CaseAsync(c.Id)).CaseState);
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM timeline WHERE case_id = @id AND kind = 'refused_answer' AND actor = 'mallory'", new { id = c.Id }));
        // The security team may answer for the owner.
        Assert.Equal(AnswerOutcome.Accepted, (await _bot.ClickAsync("sam", c.Id, wasMe: false)).Outcome);
    }

    [Fact]
    public async Task RequiredReason_YesWithoutReasonIsRefused()
    {
        await _bot.ReceiveAsync(_bot.Alert(rule: "Needs reason"));
        var c = Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(AnswerOutcome.ReasonRequired, (await _bot.ClickAsync("alice", c.Id, wasMe: true, reason: "  ")).Outcome);
        Assert.Equal(CaseState.Asking, (await _bot.CaseAsync(c.Id)).CaseState);
        Assert.Equal(AnswerOutcome.Accepted, (await _bot.ClickAsync("alice", c.Id, wasMe: true, reason: "load test")).Outcome);
    }

    [Fact]
    public async Task SuppressedAlert_IsStoredAndCountedButNeverAsked()
    {
        await using (var connection = await _bot.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO suppressions (kind, rule, scope, scope_value, expires_ms, author, reason, created_ms, hits)
                VALUES ('whitelist', 'Terminal shell*', 'namespace', 'eu-1/shop', NULL, 'sam', 'shop runs shells', 0, 0)
                """);
        var outcomes = await _bot.ReceiveAsync(_bot.Alert(), _bot.Alert(pod: "web-2"), _bot.Alert(ns: "other"));
        Assert.Equal([AlertOutcome.Suppressed, AlertOutcome.Suppressed, AlertOutcome.Stored], outcomes);
        Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(3, await _bot.CountAsync("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(2, await _bot.CountAsync("SELECT hits FROM suppressions"));
        Assert.Empty(await _bot.MessagesAsync("user:alice"));
    }

    [Fact]
    public async Task Storm_OfIdenticalAlerts_IsOneCaseAndOneQuestion()
    {
        var storm = Enumerable.Range(0, 2000).Select(_ => _bot.Alert()).ToArray();
        foreach (var chunk in storm.Chunk(500)) await _bot.ReceiveAsync(chunk);
        var c = Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(2000, c.AlertCount);
        Assert.Single(await _bot.MessagesAsync("user:alice"));
        // After the group window a new case opens.
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(61));
        await _bot.ReceiveAsync(_bot.Alert());
        Assert.Equal(2, (await _bot.AllCasesAsync()).Count);
    }

    [Fact]
    public async Task Replay_OfTheSameAlert_IsStoredOnce()
    {
        var alert = _bot.Alert(key: "collector-key-1");
        Assert.Equal([AlertOutcome.Stored], await _bot.ReceiveAsync(alert));
        Assert.Equal([AlertOutcome.Duplicate], await _bot.ReceiveAsync(alert));
        Assert.Equal(1, (await _bot.AllCasesAsync())[0].AlertCount);
    }

    [Fact]
    public async Task UnownedWorkload_EscalatesToSecurityTriageWithoutAsking()
    {
        var c = await OpenAsync(ns: "orphans");
        c = await _bot.CaseAsync(c.Id);
        Assert.Equal(CaseState.Escalated, c.CaseState);
        Assert.Equal("unowned", c.EscalationReason);
        Assert.Contains("no service matches", (await _bot.MessagesAsync("channel:#security-triage"))[0].Blocks.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await _bot.ConversationsAsync(), x => x.StartsWith("user:", StringComparison.Ordinal));
        // Only the security team resolves it.
        Assert.False((await _bot.Conversations.FireAsync(c.Id, m => m.Resolve("alice", "done")))!.Value.Result);
        Assert.True((await _bot.Conversations.FireAsync(c.Id, m => m.Resolve("sam", "false positive")))!.Value.Result);
        Assert.Equal(CaseState.Resolved, (await _bot.CaseAsync(c.Id)).CaseState);
    }

    [Fact]
    public async Task NotifyOnlyPlaybook_PostsToTheChannel()
    {
        await _bot.ReceiveAsync(_bot.Alert(priority: "Notice"));
        var c = Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(CaseState.Notified, c.CaseState);
        Assert.Single(await _bot.MessagesAsync("channel:#falco"));
    }

    [Fact]
    public async Task DryRun_RunsTheConversationButSendsNothing()
    {
        await _bot.ReceiveAsync(_bot.Alert(rule: "Dry rule"));
        var c = Assert.Single(await _bot.AllCasesAsync());
        Assert.Equal(CaseState.Asking, c.CaseState);
        Assert.Empty(await _bot.ConversationsAsync());
        Assert.Equal(1, await _bot.CountAsync("SELECT COUNT(*) FROM effects WHERE kind = 'ask' AND last_error LIKE 'dry run%'"));
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        await _bot.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Equal(CaseState.Escalated, (await _bot.CaseAsync(c.Id)).CaseState);
        Assert.Empty(await _bot.ConversationsAsync());
    }

    [Fact]
    public async Task UntrustedText_IsEscapedInEveryMessage()
    {
        await _bot.ReceiveAsync(_bot.Alert(output: "evil <!channel> <https://evil.example|click> ``` & more"));
        var json = (await _bot.MessagesAsync("user:alice"))[0].Blocks.ToJsonString();
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://", json, StringComparison.Ordinal);
        var texts = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsArray().Select(b => (string?)b!["text"]?["text"]).ToList();
        Assert.Contains(texts, t => t is not null && t.Contains("&lt;!channel&gt; &lt;https://evil.example|click&gt; ˋˋˋ &amp; more", StringComparison.Ordinal));
    }
}

public sealed class SqliteConversationTests() : ConversationTests("sqlite");

public sealed class PostgresConversationTests() : ConversationTests("postgres");
