using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Tests.Intake;

namespace Hermes.Bot.Tests.Api;

/// <summary>The case and suppression API, the console and /metrics, through the real app over HTTP.</summary>
public sealed class CaseApiTests : IDisposable
{
    private readonly BotFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    private async Task<HttpResponseMessage> PostAlertAsync(string ns, string pod = "web-1", string rule = "Terminal shell in container", string priority = "Warning")
    {
        using var client = _bot.CreateClient();
        var body = new JsonObject
        {
            ["rule"] = rule, ["priority"] = priority, ["time"] = "2026-11-23T10:00:00Z", ["output"] = $"shell in {pod} <!channel>",
            ["output_fields"] = new JsonObject { ["k8s.ns.name"] = ns, ["k8s.pod.name"] = pod, ["hermes.cluster"] = "eu-1", ["hermes.idempotency_key"] = Guid.NewGuid().ToString() },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "collector-token");
        return await client.SendAsync(request);
    }

    /// <summary>Polls the list until a case is in <paramref name="state"/> (the effect worker runs in the background).</summary>
    private async Task<JsonObject> WaitForCaseAsync(string state)
    {
        using var client = _bot.CreateClient();
        for (var i = 0; i < 200; i++)
        {
            var cases = await client.GetFromJsonAsync<JsonArray>($"/api/v1/cases?state={state}");
            if (cases is [JsonObject c, ..]) return c;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no case reached {state}");
    }

    [Fact]
    public async Task Cases_ListAndDetail_CarryTheRequiredFields()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAlertAsync("shop")).StatusCode);
        var c = await WaitForCaseAsync("Asking");
        Assert.Equal("Terminal shell in container", (string?)c["rule"]);
        Assert.Equal("Warning", (string?)c["priority"]);
        Assert.Equal(1, (int)c["alertCount"]!);
        Assert.Equal("alice", (string?)c["owner"]);
        using var client = _bot.CreateClient();
        Assert.Single((await client.GetFromJsonAsync<JsonArray>("/api/v1/cases?owner=alice&rule=Terminal%20shell%20in%20container"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/v1/cases?owner=bob"))!);
        var detail = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{c["id"]}"))!;
        Assert.Single(detail["alerts"]!.AsArray());
        Assert.Contains(detail["timeline"]!.AsArray(), t => (string?)t!["to"] == "Asking");
        Assert.Equal("shop-frontend", (string?)detail["ownership"]!["Service"]);
    }

    [Fact]
    public async Task Cases_BadQueryOrUnknownCase_AreClearErrors()
    {
        using var client = _bot.CreateClient();
        var bad = await client.GetAsync("/api/v1/cases?state=Bogus");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("state: 'Bogus'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/cases/999")).StatusCode);
    }

    [Fact]
    public async Task Resolve_OnlyBySecurity_AndOnlyWhenEscalated()
    {
        await PostAlertAsync("orphans");
        var c = await WaitForCaseAsync("Escalated");
        using var client = _bot.CreateClient();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/cases/{c["id"]}/resolve", new { by = "alice" })).StatusCode);
        var ok = await client.PostAsJsonAsync($"/api/v1/cases/{c["id"]}/resolve", new { by = "sam" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Resolved", (string?)(await ok.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
    }

    [Fact]
    public async Task Suppressions_AddApplyList_Remove()
    {
        using var client = _bot.CreateClient();
        var invalid = await client.PostAsJsonAsync("/api/v1/suppressions", new { scope = "galaxy", @for = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problems = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(problems, p => p.StartsWith("rule:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("scope: 'galaxy'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("for: 'soon'", StringComparison.Ordinal));
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/v1/suppressions"))!);

        var created = await client.PostAsJsonAsync("/api/v1/suppressions",
            new { rule = "Terminal shell*", scope = "namespace", scopeValue = "eu-1/shop", @for = "1h", author = "sam", reason = "game day" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["suppression"]!["id"]!;
        var accepted = await (await PostAlertAsync("shop")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, (int)accepted!["suppressed"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/v1/cases"))!);
        Assert.Equal(1, (int)(await client.GetFromJsonAsync<JsonArray>("/api/v1/suppressions"))![0]!["hits"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/suppressions/{id}?by=sam")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/suppressions/{id}")).StatusCode);
        Assert.Equal(0, (int)(await (await PostAlertAsync("shop")).Content.ReadFromJsonAsync<JsonObject>())!["suppressed"]!);
    }

    [Fact]
    public async Task NewSuppression_ClosesTheOpenCasesItCovers()
    {
        await PostAlertAsync("shop");
        var c = await WaitForCaseAsync("Asking");
        using var client = _bot.CreateClient();
        var created = await client.PostAsJsonAsync("/api/v1/suppressions",
            new { rule = "Terminal shell in container", scope = "workload", scopeValue = "eu-1/shop/web-1", author = "sam", reason = "known cron shell" });
        Assert.Equal([(long)c["id"]!], (await created.Content.ReadFromJsonAsync<JsonObject>())!["closedCases"]!.AsArray().Select(x => (long)x!));
        await WaitForCaseAsync("Suppressed");
    }

    [Fact]
    public async Task Console_RendersTheInboxEscapedAndItsButtonsAnswer()
    {
        await PostAlertAsync("shop");
        var c = await WaitForCaseAsync("Asking");
        using var client = _bot.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 100 && !(await client.GetStringAsync("/console/")).Contains("alice", StringComparison.Ordinal); i++) await Task.Delay(50);
        var inbox = await client.GetStringAsync("/console/c/user%3Aalice");
        Assert.Contains("Was this you?", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", inbox, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", inbox, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(inbox, "name=token value=\"([0-9A-F]+)\"").Groups[1].Value;

        var forged = await client.PostAsync("/console/interact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["actor"] = "alice", ["action_id"] = "hermes_deny", ["value"] = $"{c["id"]}", ["conversation"] = "user:alice",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var click = await client.PostAsync("/console/interact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["actor"] = "alice", ["action_id"] = "hermes_deny", ["value"] = $"{c["id"]}", ["conversation"] = "user:alice", ["reason"] = "not me",
        }));
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Contains("escalated", WebUtility.UrlDecode(click.Headers.Location!.ToString()), StringComparison.Ordinal);
        await WaitForCaseAsync("Escalated");
    }

    [Fact]
    public async Task Metrics_CountAlertsByOutcome()
    {
        await PostAlertAsync("shop");
        using var client = _bot.CreateClient();
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("hermes_bot_alerts_total{outcome=\"stored\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiTokens_WhenConfigured_AreRequired()
    {
        using var bot = new BotFactory(new Dictionary<string, string> { ["Api:Tokens:0"] = "reader" });
        using var client = bot.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "reader");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases")).StatusCode);
    }
}
