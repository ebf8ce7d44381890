using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;
using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Slack;

/// <summary>
/// The owner conversation through Slack: the real bot (in-process) talking to the Slack double over HTTP, and the
/// double sending signed interactions and slash commands back. Alice owns namespace shop (by email in the catalog).
/// </summary>
public sealed class SlackConversationTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private SlackDouble _slack = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private string _alice = "", _sam = "", _mallory = "", _gina = "", _tom = "";
    private SlackDouble.Channel _teamOps = null!;
    private SlackDouble.Channel _triage = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackDouble.StartAsync();
        _alice = _slack.AddUser("alice", "alice@example.com");
        _sam = _slack.AddUser("sam", "sam@example.com");
        _mallory = _slack.AddUser("mallory", "mallory@example.com");
        _gina = _slack.AddUser("gina", "gina@example.com");
        _slack.Usergroups["S0SECURITY"] = [_gina];
        _triage = _slack.AddChannel("security-triage");
        _tom = _slack.AddUser("tom", "tom@example.com");
        _teamOps = _slack.AddChannel("team-ops");
        _teamOps.Members.Add(_tom);
        _bot = new BotFactory(new Dictionary<string, string>
        {
            ["Slack:BotToken"] = SlackDouble.Token,
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack:ChannelSpacing"] = "00:00:00",
            ["Security:Members:0"] = _sam,
            ["Security:SlackUserGroup"] = "S0SECURITY",
        }, """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: shop-frontend
              annotations: {github.com/project-slug: acme/shop, backstage.io/kubernetes-namespace: shop}
            spec: {type: service, owner: user:alice}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ghost-service
              annotations: {backstage.io/kubernetes-namespace: ghosts}
            spec: {type: service, owner: user:ghost}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ops-tools
              annotations: {backstage.io/kubernetes-namespace: ops, slack.com/bot-notify: "#team-ops"}
            spec: {type: service, owner: user:former}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: {name: alice}
            spec: {profile: {email: alice@example.com}}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: {name: ghost}
            spec: {profile: {email: ghost@example.com}}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: {name: former}
            spec: {profile: {email: former-employee@example.com}}
            """);
        _client = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_slack.Violations);
        _client.Dispose();
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private async Task<long> AlertAsync(string priority = "Warning", string ns = "shop")
    {
        var body = new JsonObject
        {
            ["rule"] = "Terminal shell in container", ["priority"] = priority, ["time"] = "2026-11-23T10:00:00Z",
            ["output"] = "shell <!channel> in web-1",
            ["output_fields"] = new JsonObject { ["k8s.ns.name"] = ns, ["k8s.pod.name"] = "web-1", ["hermes.cluster"] = "eu-1", ["hermes.idempotency_key"] = Guid.NewGuid().ToString() },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "collector-token");
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SendAsync(request)).StatusCode);
        var c = await WaitAsync(async () => (await _client.GetFromJsonAsync<JsonArray>("/api/v1/cases"))!.FirstOrDefault());
        return (long)c!["id"]!;
    }

    private async Task<string> StateAsync(long id) => (string)(await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{id}"))!["state"]!;

    /// <summary>The case is asking and the question is in Alice's DM (the outbox sends it after the state commits).</summary>
    private async Task AskedAsync(long id)
    {
        await WaitForStateAsync(id, "Asking");
        await WaitAsync(() => Task.FromResult(_slack.DirectChannelOf(_alice) is { } dm && _slack.MessagesIn(dm).Count > 0 ? "ok" : null));
    }

    private async Task WaitForStateAsync(long id, string state) => await WaitAsync(async () => await StateAsync(id) == state ? "ok" : null);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException("condition never held");
    }

    private Task<HttpResponseMessage> ClickAsync(string user, string actionId, long caseId, DateTimeOffset? at = null, string secret = Secret)
    {
        var dm = _slack.DirectChannelOf(_alice) ?? "D0";
        var payload = new JsonObject
        {
            ["type"] = "block_actions", ["user"] = new JsonObject { ["id"] = user }, ["trigger_id"] = $"trigger-{Guid.NewGuid():N}",
            ["channel"] = new JsonObject { ["id"] = dm }, ["container"] = new JsonObject { ["channel_id"] = dm },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        };
        return SlackDouble.SendSignedAsync(_client, new Uri(_client.BaseAddress!, "/slack/interactions"), secret,
            "payload=" + Uri.EscapeDataString(payload.ToJsonString()), at);
    }

    private async Task<string> FalconAsync(string user, string text)
    {
        var response = await SlackDouble.SendSignedAsync(_client, new Uri(_client.BaseAddress!, "/slack/commands"), Secret,
            $"command=%2Ffalcon&text={Uri.EscapeDataString(text)}&user_id={user}&channel_id=C1&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id={Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("ephemeral", (string?)json["response_type"]);
        return (string)json["text"]!;
    }

    [Fact]
    public async Task Owner_IsAskedInADm_ConfirmUpdatesTheQuestion()
    {
        var id = await AlertAsync();
        await AskedAsync(id);
        // "Asking" is committed before the outbox sends the DM: wait for the message itself.
        var dm = await WaitAsync(() => Task.FromResult(_slack.DirectChannelOf(_alice)));
        var question = await WaitAsync(() => Task.FromResult(_slack.MessagesIn(dm).SingleOrDefault()));
        Assert.Contains("hermes_confirm", question.Blocks.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", question.Blocks.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await ClickAsync(_alice, "hermes_confirm", id)).StatusCode);
        await WaitForStateAsync(id, "Confirmed");
        await WaitAsync(() => Task.FromResult(question.Blocks.ToJsonString().Contains("confirmed by", StringComparison.Ordinal) ? "ok" : null));
        Assert.DoesNotContain("hermes_confirm", question.Blocks.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_OpensAPrivateIncidentChannelWithOwnerAndSecurity()
    {
        var id = await AlertAsync();
        await AskedAsync(id);
        await ClickAsync(_alice, "hermes_deny", id);
        await WaitForStateAsync(id, "Escalated");
        var room = await WaitAsync(() => Task.FromResult(_slack.Channels.Values.FirstOrDefault(c => c.Name.StartsWith("inc-", StringComparison.Ordinal) && c.Messages.Count > 0)));
        Assert.True(room.IsPrivate);
        Assert.Contains(_alice, room.Members);
        Assert.Contains(_sam, room.Members);
        Assert.Equal($"Hermes case {id}", room.Topic);
        Assert.Matches(@"^inc-\d{4}-\d{2}-\d{2}-\d+-terminal-shell-in-container$", room.Name);
        await WaitAsync(() => Task.FromResult(_triage.Messages.Count > 0 ? "ok" : null));
    }

    [Fact]
    public async Task WrongPerson_GetsAnEphemeralNoAndNothingChanges()
    {
        var id = await AlertAsync();
        await AskedAsync(id);
        await ClickAsync(_mallory, "hermes_deny", id);
        var dm = _slack.DirectChannelOf(_alice)!;
        var ephemeral = await WaitAsync(() => Task.FromResult(_slack.MessagesIn(dm).FirstOrDefault(m => m.EphemeralTo == _mallory)));
        Assert.Contains("Only the person asked", ephemeral.Text, StringComparison.Ordinal);
        Assert.Equal("Asking", await StateAsync(id));
    }

    [Fact]
    public async Task ForgedStaleAndReplayedRequests_AreRefusedOrIgnored()
    {
        var id = await AlertAsync();
        await AskedAsync(id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClickAsync(_alice, "hermes_deny", id, secret: "forged")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClickAsync(_alice, "hermes_deny", id, at: DateTimeOffset.UtcNow.AddMinutes(-6))).StatusCode);
        Assert.Equal("Asking", await StateAsync(id));

        // The same signed request twice: the second is acknowledged and ignored.
        var at = DateTimeOffset.UtcNow;
        var payload = "payload=" + Uri.EscapeDataString(new JsonObject
        {
            ["type"] = "block_actions", ["user"] = new JsonObject { ["id"] = _mallory }, ["channel"] = new JsonObject { ["id"] = _slack.DirectChannelOf(_alice) },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "hermes_confirm", ["value"] = $"{id}" }),
        }.ToJsonString());
        var url = new Uri(_client.BaseAddress!, "/slack/interactions");
        Assert.Equal(HttpStatusCode.OK, (await SlackDouble.SendSignedAsync(_client, url, Secret, payload, at)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SlackDouble.SendSignedAsync(_client, url, Secret, payload, at)).StatusCode);
        await WaitAsync(() => Task.FromResult(_slack.MessagesIn(_slack.DirectChannelOf(_alice)!).Any(m => m.EphemeralTo == _mallory) ? "ok" : null));
        await Task.Delay(300);
        Assert.Single(_slack.MessagesIn(_slack.DirectChannelOf(_alice)!), m => m.EphemeralTo == _mallory);
    }

    [Fact]
    public async Task ReasonRequired_OpensAModal_AndTheSubmissionConfirms()
    {
        var id = await AlertAsync(priority: "Critical");
        await AskedAsync(id);
        await ClickAsync(_alice, "hermes_confirm", id);
        var (_, view) = await WaitAsync(() => Task.FromResult<(string, JsonObject)?>(_slack.Views.TryPeek(out var v) ? v : null)) ?? default;
        Assert.Equal($"{id}", (string?)view["private_metadata"]);
        Assert.Equal("Asking", await StateAsync(id));
        var submission = new JsonObject
        {
            ["type"] = "view_submission", ["user"] = new JsonObject { ["id"] = _alice },
            ["view"] = new JsonObject
            {
                ["callback_id"] = "hermes_reason", ["private_metadata"] = $"{id}",
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["value"] = "deploying a hotfix" } } } },
            },
        };
        var response = await SlackDouble.SendSignedAsync(_client, new Uri(_client.BaseAddress!, "/slack/interactions"), Secret, "payload=" + Uri.EscapeDataString(submission.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForStateAsync(id, "Confirmed");
    }

    [Fact]
    public async Task Falcon_Commands_WithAuthorization()
    {
        Assert.Contains("/falcon list", await FalconAsync(_alice, "help"), StringComparison.Ordinal);
        var id = await AlertAsync();
        await AskedAsync(id);
        Assert.Contains($"*{id}* Asking", await FalconAsync(_alice, "list mine"), StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", await FalconAsync(_alice, $"status {id}"), StringComparison.Ordinal);
        Assert.Contains("shop-frontend", await FalconAsync(_alice, "owner shop/web-1"), StringComparison.Ordinal);
        Assert.Contains("Only the security team", await FalconAsync(_alice, $"resolve {id} nothing to see"), StringComparison.Ordinal);
        Assert.Contains("Only the owner", await FalconAsync(_mallory, $"snooze {id} 4h"), StringComparison.Ordinal);
        Assert.Contains("is escalated", await FalconAsync(_alice, $"escalate {id} looks odd"), StringComparison.Ordinal);
        await WaitForStateAsync(id, "Escalated");
        Assert.Contains("is resolved", await FalconAsync(_sam, $"resolve {id} pentest"), StringComparison.Ordinal);
        Assert.Contains("Resolved: 1", await FalconAsync(_sam, "stats"), StringComparison.Ordinal);
        Assert.Contains("not a case number", await FalconAsync(_sam, "status abc"), StringComparison.Ordinal);
        Assert.Contains("I don't know `frobnicate`", await FalconAsync(_sam, "frobnicate"), StringComparison.Ordinal);
        Assert.Contains("Only the security team", await FalconAsync(_alice, "whitelist list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Falcon_Snooze_ClosesTheCaseAndListsTheWhitelist()
    {
        var id = await AlertAsync();
        await AskedAsync(id);
        Assert.Contains($"closed case(s) {id}", await FalconAsync(_alice, $"snooze {id} 4h"), StringComparison.Ordinal);
        await WaitForStateAsync(id, "Suppressed");
        var list = await FalconAsync(_sam, "whitelist list");
        Assert.Contains("snooze Terminal shell in container", list, StringComparison.Ordinal);
        var sid = System.Text.RegularExpressions.Regex.Match(list, @"\*(\d+)\*").Groups[1].Value;
        Assert.Contains($"Removed whitelist {sid}", await FalconAsync(_sam, $"whitelist remove {sid}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchivedTriageChannel_FailsTheEffectForGoodAndSaysSoInTheTimeline()
    {
        _triage.IsArchived = true;
        var id = await AlertAsync(ns: "ghosts");
        await WaitForStateAsync(id, "Escalated");
        var timeline = await WaitAsync(async () =>
        {
            var t = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{id}"))!["timeline"]!.AsArray();
            return t.Any(e => (string?)e!["kind"] == "effect_failed") ? t : null;
        });
        Assert.Contains(timeline, e => ((string)e!["detail"]!).Contains("is_archived", StringComparison.Ordinal));
        Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage" && c.Args["channel"] == "#security-triage");
        // Slack's failures are counted for the HermesBotSlackFailing alert.
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("hermes_bot_slack_calls_total{method=\"chat.postMessage\",result=\"is_archived\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitStorm_TheQuestionStillArrives()
    {
        _slack.RateLimitNext = 3;
        var id = await AlertAsync();
        await AskedAsync(id);
        Assert.Equal(0, _slack.RateLimitNext); // all three 429s were served, honoured and retried past
    }

    [Fact]
    public async Task SlowCommand_IsAcknowledgedAndAnsweredThroughResponseUrl()
    {
        // A zero budget makes every command that does I/O "slow".
        using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Slack:BotToken"] = SlackDouble.Token, ["Slack:SigningSecret"] = Secret, ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack:CommandBudget"] = "00:00:00",
        });
        using var client = bot.CreateClient();
        var response = await SlackDouble.SendSignedAsync(client, new Uri(client.BaseAddress!, "/slack/commands"), Secret,
            $"command=%2Ffalcon&text=stats&user_id={_alice}&response_url={Uri.EscapeDataString(_slack.ResponseUrl("r1").ToString())}&trigger_id=t1");
        Assert.Equal("Working on it…", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["text"]);
        var (_, body) = await WaitAsync(() => Task.FromResult<(string, JsonObject)?>(_slack.ResponseUrlPosts.TryPeek(out var p) ? p : null)) ?? default;
        Assert.Equal(("ephemeral", "No cases yet."), ((string?)body["response_type"], (string?)body["text"]));
    }

    [Fact]
    public async Task OwnerNotInSlack_ButATeamChannel_AsksTheChannelAndOnlyItsMembersAnswer()
    {
        var id = await AlertAsync(ns: "ops");
        await WaitForStateAsync(id, "Asking");
        var question = await WaitAsync(() => Task.FromResult(_teamOps.Messages.FirstOrDefault()));
        Assert.Contains("hermes_deny", question.Blocks.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(_slack.DirectChannelOf(_tom));

        var payload = (string user) => "payload=" + Uri.EscapeDataString(new JsonObject
        {
            ["type"] = "block_actions", ["user"] = new JsonObject { ["id"] = user }, ["trigger_id"] = Guid.NewGuid().ToString("N"),
            ["channel"] = new JsonObject { ["id"] = _teamOps.Id },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "hermes_deny", ["value"] = $"{id}" }),
        }.ToJsonString());
        var url = new Uri(_client.BaseAddress!, "/slack/interactions");
        await SlackDouble.SendSignedAsync(_client, url, Secret, payload(_mallory));
        await WaitAsync(() => Task.FromResult(_teamOps.Messages.FirstOrDefault(m => m.EphemeralTo == _mallory)));
        Assert.Equal("Asking", await StateAsync(id));
        await SlackDouble.SendSignedAsync(_client, url, Secret, payload(_tom));
        await WaitForStateAsync(id, "Escalated");
    }

    [Fact]
    public async Task Silence_RemindsInTheThreadThenEscalates_OnRealTimers()
    {
        // Real Quartz timers with a seconds-long playbook: the reminder is a thread reply under the question.
        var playbooks = Directory.CreateTempSubdirectory("hermes-quick-").FullName;
        await File.WriteAllTextAsync(Path.Combine(playbooks, "quick.yaml"),
            "playbooks:\n  - name: quick\n    default: true\n    ask_owner: {timeout: 4s, reminders: [2s]}\n    escalate: {severity: high, page: true}\n");
        try
        {
            using var bot = new BotFactory(new Dictionary<string, string>
            {
                ["Slack:BotToken"] = SlackDouble.Token, ["Slack:SigningSecret"] = Secret, ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
                ["Slack:ChannelSpacing"] = "00:00:00", ["Playbooks:Path"] = playbooks,
            }, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: shop-frontend, annotations: {backstage.io/kubernetes-namespace: shop}}\nspec: {owner: user:alice}\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: alice}\nspec: {profile: {email: alice@example.com}}\n");
            using var client = bot.CreateClient();
            await AlertPosts.PostAsync(client, """{"rule":"Terminal shell in container","priority":"Warning","time":"2026-11-23T10:00:00Z","output":"shell","output_fields":{"k8s.ns.name":"shop","k8s.pod.name":"web-1","hermes.idempotency_key":"quiet-1"}}""");
            var dm = await WaitAsync(() => Task.FromResult(_slack.DirectChannelOf(_alice)));
            var question = await WaitAsync(() => Task.FromResult(_slack.MessagesIn(dm).FirstOrDefault(m => m.ThreadTs is null)));
            var reminder = await WaitAsync(() => Task.FromResult(_slack.MessagesIn(dm).FirstOrDefault(m => m.ThreadTs == question.Ts)));
            Assert.StartsWith("Reminder", reminder.Text, StringComparison.Ordinal);
            var id = (long)(await client.GetFromJsonAsync<JsonArray>("/api/v1/cases"))![0]!["id"]!;
            await WaitAsync(async () => (string?)(await client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{id}"))!["escalationReason"] == "timed_out" ? "ok" : null);
            await WaitAsync(() => Task.FromResult(question.Text.Contains("no answer within 4s", StringComparison.Ordinal) ? "ok" : null));
        }
        finally
        {
            Directory.Delete(playbooks, recursive: true);
        }
    }

    [Fact]
    public async Task SecurityUserGroupMembers_AreSecurity()
    {
        for (var i = 0; i < 100 && (await FalconAsync(_gina, "whitelist list")).StartsWith("Only", StringComparison.Ordinal); i++) await Task.Delay(50);
        Assert.Equal("No active whitelists or snoozes.", await FalconAsync(_gina, "whitelist list"));
        Assert.StartsWith("Only the security team", await FalconAsync(_mallory, "whitelist list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerNotInSlack_FallsBackToSecurityTriage()
    {
        var id = await AlertAsync(ns: "ghosts");
        await WaitForStateAsync(id, "Escalated");
        var detail = await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{id}");
        Assert.Equal("unowned", (string?)detail!["escalationReason"]);
        Assert.Contains(detail["timeline"]!.AsArray(), t => ((string?)t!["detail"])!.Contains("can be reached in chat", StringComparison.Ordinal));
    }
}
