using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Paging;
using Hermes.Bot.Tests.Intake;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Tests.Paging;

public sealed class PagerTests : IAsyncLifetime
{
    private PagingDouble _double = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _double = await PagingDouble.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _double.DisposeAsync();
    }

    private static Page Page(string severity = "critical") =>
        new(42, "sec-oncall", "Case 42: Terminal shell in container on eu-1/shop/web-1 (alice answered no)", severity,
            new Dictionary<string, string> { ["rule"] = "Terminal shell in container", ["workload"] = "eu-1/shop/web-1" });

    private IOptions<PagingOptions> Options(string key = "default") => Microsoft.Extensions.Options.Options.Create(new PagingOptions
    {
        PagerDuty = new PagerDutyOptions { Url = new Uri(_double.Url, "v2/enqueue"), RoutingKeys = new Dictionary<string, string> { [key] = "R0UTINGKEY", ["high"] = "HIGHKEY" } },
        Opsgenie = new OpsgenieOptions { Url = _double.Url, ApiKey = "genie-key" },
    });

    [Fact]
    public async Task PagerDuty_TriggersWithTheCaseAsDedupKey_AndResolvesIt()
    {
        var pager = new PagerDutyPager(_http, Options());
        await pager.PageAsync(Page(), CancellationToken.None);
        await pager.PageAsync(Page("high"), CancellationToken.None);
        await pager.ResolveAsync(42, "false positive", CancellationToken.None);
        var events = _double.PagerDutyEvents.ToList();
        Assert.Equal(("R0UTINGKEY", "trigger", "hermes-case-42", "critical"),
            ((string)events[0]["routing_key"]!, (string)events[0]["event_action"]!, (string)events[0]["dedup_key"]!, (string)events[0]["payload"]!["severity"]!));
        Assert.Equal(("HIGHKEY", "error"), ((string)events[1]["routing_key"]!, (string)events[1]["payload"]!["severity"]!));
        Assert.Equal("eu-1/shop/web-1", (string?)events[0]["payload"]!["component"]);
        Assert.Equal(2, events.Count(e => (string?)e["event_action"] == "resolve" && (string?)e["dedup_key"] == "hermes-case-42"));
    }

    [Fact]
    public async Task PagerDuty_NoRoutingKeyForTheSeverity_IsAPermanentError()
    {
        var pager = new PagerDutyPager(_http, Microsoft.Extensions.Options.Options.Create(new PagingOptions
        {
            PagerDuty = new PagerDutyOptions { Url = new Uri(_double.Url, "v2/enqueue"), RoutingKeys = new Dictionary<string, string> { ["critical"] = "K" } },
        }));
        await Assert.ThrowsAsync<Hermes.Bot.Chat.ChatPermanentException>(() => pager.PageAsync(Page("low"), CancellationToken.None));
        Assert.Empty(_double.PagerDutyEvents);
    }

    [Fact]
    public async Task Opsgenie_CreatesWithAliasAndPriority_AndClosesByAlias()
    {
        var pager = new OpsgeniePager(_http, Options());
        await pager.PageAsync(Page() with { Summary = new string('x', 500) }, CancellationToken.None);
        await pager.ResolveAsync(42, "done", CancellationToken.None);
        var requests = _double.OpsgenieRequests.ToList();
        Assert.Equal("GenieKey genie-key", requests[0].Authorization);
        Assert.Equal(("hermes-case-42", "P1", 130), ((string)requests[0].Body["alias"]!, (string)requests[0].Body["priority"]!, ((string)requests[0].Body["message"]!).Length));
        Assert.Equal("/v2/alerts/hermes-case-42/close?identifierType=alias", requests[1].Path);
    }

    [Fact]
    public async Task Escalation_InTheBot_PagesPagerDutyAndResolvesWithTheCase()
    {
        using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Paging:Provider"] = "pagerduty",
            ["Paging:PagerDuty:Url"] = new Uri(_double.Url, "v2/enqueue").ToString(),
            ["Paging:PagerDuty:RoutingKeys:default"] = "R0UTINGKEY",
        });
        using var client = bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["rule"] = "Drop and execute new binary in container", ["priority"] = "Critical", ["time"] = "2026-11-23T10:00:00Z", ["output"] = "dropped",
                ["output_fields"] = new JsonObject { ["k8s.ns.name"] = "orphans", ["k8s.pod.name"] = "x-1", ["hermes.idempotency_key"] = "page-1" },
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "collector-token");
        await client.SendAsync(request);
        for (var i = 0; i < 200 && _double.PagerDutyEvents.IsEmpty; i++) await Task.Delay(50);
        var trigger = Assert.Single(_double.PagerDutyEvents);
        Assert.Equal("critical", (string?)trigger["payload"]!["severity"]);
        var id = (long)(await client.GetFromJsonAsync<JsonArray>("/api/v1/cases"))![0]!["id"]!;
        await client.PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { by = "sam", reason = "test workload" });
        for (var i = 0; i < 200 && _double.PagerDutyEvents.Count < 2; i++) await Task.Delay(50);
        Assert.Equal("resolve", (string?)_double.PagerDutyEvents.Last()["event_action"]);
    }
}
