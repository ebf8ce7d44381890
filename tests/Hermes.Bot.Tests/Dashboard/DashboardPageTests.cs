using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Bot.Security;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Dashboard;

/// <summary>The dashboard's pages over HTTP: content, filters, escaping, removal, collectors' heartbeats.</summary>
public sealed class DashboardPageTests : IDisposable
{
    private readonly BotFactory _bot = new();
    private readonly HttpClient _client;

    public DashboardPageTests() => _client = _bot.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _bot.Dispose();
    }

    internal static string Alert(string key, string ns, string cmdline) => new JsonObject
    {
        ["rule"] = "Terminal shell in container", ["priority"] = "Notice", ["time"] = "2026-11-23T10:00:00Z", ["source"] = "syscall", ["hostname"] = "node-1",
        ["output"] = $"A shell was spawned (cmdline={cmdline})",
        ["output_fields"] = new JsonObject
        {
            ["k8s.ns.name"] = ns, ["k8s.pod.name"] = "web-1", ["proc.cmdline"] = cmdline, ["hermes.cluster"] = "prod-eu", ["hermes.idempotency_key"] = key,
        },
    }.ToJsonString();

    private async Task<long> CaseAsync(string key, string ns = "shop", string cmdline = "bash -i")
    {
        Assert.Equal(HttpStatusCode.Accepted, (await AlertPosts.PostAsync(_client, Alert(key, ns, cmdline))).StatusCode);
        for (var i = 0; i < 200; i++)
        {
            var cases = (await _client.GetFromJsonAsync<JsonArray>("/api/v1/cases"))!;
            if (cases.FirstOrDefault(c => (string?)c!["workloadKey"] == $"prod-eu/{ns}/web-1" && (string?)c["state"] != "Open" && (string?)c["state"] != "ResolvingOwner") is { } found)
                return (long)found["id"]!;
            await Task.Delay(50);
        }
        throw new TimeoutException("no case");
    }

    [Fact]
    public async Task CasePage_ShowsOwnershipWithProvenanceEvidenceAndTimeline_AndEscapesTheCommandLine()
    {
        var id = await CaseAsync("dash-1", cmdline: "<script>alert(1)</script> && curl \"http://x\"");
        var html = await _client.GetStringAsync($"/ui/cases/{id}");
        Assert.Contains("<h2>Ownership</h2>", html, StringComparison.Ordinal);
        Assert.Contains("shop-frontend", html, StringComparison.Ordinal);
        Assert.Contains("backstage.io/kubernetes-namespace", html, StringComparison.Ordinal); // the provenance
        Assert.Contains("id=\"timeline\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/ui/cases/999999")).StatusCode);
    }

    [Fact]
    public async Task CasesPage_FiltersByStateOwnerNamespaceAndCluster()
    {
        var shop = await CaseAsync("dash-2");
        var other = await CaseAsync("dash-3", ns: "elsewhere");
        string Link(long id) => $"href=\"/ui/cases/{id}\"";
        var all = await _client.GetStringAsync("/ui/cases");
        Assert.Contains(Link(shop), all, StringComparison.Ordinal);
        Assert.Contains(Link(other), all, StringComparison.Ordinal);
        var byNamespace = await _client.GetStringAsync("/ui/cases?namespace=shop");
        Assert.Contains(Link(shop), byNamespace, StringComparison.Ordinal);
        Assert.DoesNotContain(Link(other), byNamespace, StringComparison.Ordinal);
        var byOwner = await _client.GetStringAsync("/ui/cases?owner=alice&cluster=prod-eu");
        Assert.Contains(Link(shop), byOwner, StringComparison.Ordinal);
        Assert.DoesNotContain(Link(other), byOwner, StringComparison.Ordinal);
        var escalated = await _client.GetStringAsync("/ui/incidents");
        Assert.Contains(Link(other), escalated, StringComparison.Ordinal); // unowned → escalated to triage
        Assert.Contains("No case matches", await _client.GetStringAsync("/ui/cases?cluster=nowhere"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppressions_AreListedAndRemovedWithTheFormToken()
    {
        var added = await _client.PostAsJsonAsync("/api/v1/suppressions", new { rule = "Terminal shell in container", scope = "namespace", scopeValue = "shop", author = "sam", reason = "<b>expected</b>" });
        var id = (long)(await added.Content.ReadFromJsonAsync<JsonObject>())!["suppression"]!["id"]!;
        var page = await _client.GetStringAsync("/ui/suppressions");
        Assert.Contains("&lt;b&gt;expected&lt;/b&gt;", page, StringComparison.Ordinal);
        using var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "nope", ["by"] = "mallory" });
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.PostAsync($"/ui/suppressions/{id}/remove", forged)).StatusCode);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = FormToken.Value, ["by"] = "sam" });
        var removed = await _client.PostAsync($"/ui/suppressions/{id}/remove", form);
        Assert.Contains($"Suppression {id} removed by sam.", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Nothing is whitelisted or snoozed.", await _client.GetStringAsync("/ui/suppressions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collectors_ReportByHeartbeat_AndAppearWithTheirRate()
    {
        async Task<HttpStatusCode> Beat(string body, string token = "collector-token")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/collectors/heartbeat") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return (await _client.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Beat("""{"node":"n1"}""", "wrong"));
        Assert.Equal(HttpStatusCode.BadRequest, await Beat("""{"node":"","events":-1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await Beat("""{"node":"n1","events":"many"}"""));
        Assert.Equal(HttpStatusCode.NoContent, await Beat("""{"node":"ip-10-0-0-1<i>","cluster":"prod-eu","version":"0.3.0","events":60000,"drops":2,"alerts":7,"rules":25,"uptime_seconds":60}"""));
        var page = await _client.GetStringAsync("/ui/collectors");
        Assert.Contains("ip-10-0-0-1&lt;i&gt;", page, StringComparison.Ordinal);
        Assert.Contains("<td>1,000</td>", page, StringComparison.Ordinal); // 60,000 events in 60 s
        Assert.Contains("<td>0.3.0</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnershipLookup_ShowsEveryValueWithItsReason_AndBadLabelsClearly()
    {
        var page = await _client.GetStringAsync("/ui/ownership?namespace=shop&pod=web-1");
        Assert.Contains("shop-frontend", page, StringComparison.Ordinal);
        Assert.Contains("What each source said", page, StringComparison.Ordinal);
        Assert.Contains("label: &#x27;broken&#x27; is not key=value", await _client.GetStringAsync("/ui/ownership?labels=broken"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticAssets_AreServed_AndTheRootLeadsToCases()
    {
        Assert.Equal("text/javascript", (await _client.GetAsync("/ui/static/htmx.min.js")).Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/ui/static/../appsettings.json")).StatusCode);
        var root = await _client.GetAsync("/");
        Assert.Equal("/ui/cases", root.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
