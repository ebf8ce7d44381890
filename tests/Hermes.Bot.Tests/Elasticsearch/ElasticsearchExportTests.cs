using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Elasticsearch;

/// <summary>The Elasticsearch export through the real bot against the strict bulk double.</summary>
public sealed class ElasticsearchExportTests : IAsyncLifetime
{
    private ElasticsearchDouble _es = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync();
        _bot = new BotFactory(new Dictionary<string, string>
        {
            ["Elasticsearch:Url"] = _es.Url.ToString(),
            ["Elasticsearch:PollInterval"] = "00:00:00.100",
            ["Elasticsearch:SettleAfter"] = "00:00:05",
            ["Elasticsearch:MaxBackoff"] = "00:00:00.500",
            ["Elasticsearch:BatchSize"] = "16",
        });
        _client = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        await _es.DisposeAsync();
    }

    private static string Alert(string key, string rule = "Terminal shell in container", string ns = "shop") => $$"""
        {"rule":"{{rule}}","priority":"Notice","time":"2026-11-23T10:00:00.000000000Z","output":"A shell was spawned","source":"syscall","hostname":"node-1",
         "tags":["container","shell","process"],
         "output_fields":{"k8s.ns.name":"{{ns}}","k8s.pod.name":"web-1","proc.name":"bash","proc.pid":4242,"proc.cmdline":"bash -i","user.name":"root",
           "container.id":"0123456789ab","container.image.repository":"registry.example.com/acme/shop","hermes.cluster":"prod-eu","hermes.idempotency_key":"{{key}}"} }
        """;

    private async Task<T> WaitAsync<T>(Func<T?> probe) where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (probe() is { } value) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException($"not exported in time; Elasticsearch saw: {string.Join(", ", _es.Requests)}");
    }

    [Fact]
    public async Task FindingsAndCaseUpdates_ArriveAsEcsDocuments_WithTheirOwner_AfterTheTemplates()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await AlertPosts.PostAsync(_client, Alert("es-1"))).StatusCode);
        var finding = await WaitAsync(() => _es.In("logs-hermes.findings-default").FirstOrDefault());
        Assert.Equal("template", _es.Requests.First().Split(' ')[0]);
        Assert.Equal(2, _es.Templates.Count);
        Assert.Equal("Terminal shell in container", (string?)finding["rule"]!["name"]);
        Assert.Equal("alert", (string?)finding["event"]!["kind"]);
        Assert.Equal(5, (int?)finding["event"]!["severity"]);
        Assert.Equal("notice", (string?)finding["log"]!["level"]);
        Assert.Equal("shop", (string?)finding["orchestrator"]!["namespace"]);
        Assert.Equal("prod-eu", (string?)finding["orchestrator"]!["cluster"]!["name"]);
        Assert.Equal("web-1", (string?)finding["orchestrator"]!["resource"]!["name"]);
        Assert.Equal("bash", (string?)finding["process"]!["name"]);
        Assert.Equal(4242, (int?)finding["process"]!["pid"]);
        Assert.Equal("registry.example.com/acme/shop", (string?)finding["container"]!["image"]!["name"]);
        Assert.Equal("alice", (string?)finding["hermes"]!["owner"]);
        Assert.Equal("shop-frontend", (string?)finding["hermes"]!["service"]);
        Assert.Equal("unknown", (string?)finding["hermes"]!["criticality"]);
        Assert.Equal("bash -i", (string?)finding["falco"]!["output_fields"]!["proc.cmdline"]);
        Assert.Equal(["process"], finding["event"]!["category"]!.AsArray().Select(c => (string?)c));

        var updates = await WaitAsync(() => _es.In("logs-hermes.cases-default") is { Count: > 0 } d && d.Any(u => (string?)u["hermes"]!["case"]!["to_state"] == "Asking") ? d : null);
        var asked = updates.First(u => (string?)u["hermes"]!["case"]!["to_state"] == "Asking");
        Assert.Equal("event", (string?)asked["event"]!["kind"]);
        Assert.Equal("shop", (string?)asked["orchestrator"]!["namespace"]);
        Assert.NotNull(asked["hermes"]!["case"]!["id"]);
    }

    [Fact]
    public async Task ElasticsearchDown_IntakeIsUnaffected_AndEveryFindingArrivesOnceWhenItIsBack()
    {
        _es.Down = true;
        for (var i = 0; i < 30; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await AlertPosts.PostAsync(_client, Alert($"down-{i}"))).StatusCode);
        await Task.Delay(1000);
        Assert.Empty(_es.Documents);
        _es.Down = false;
        await WaitAsync(() => _es.In("logs-hermes.findings-default").Count >= 30 ? "" : null);
        await Task.Delay(500);
        Assert.Equal(30, _es.In("logs-hermes.findings-default").Count);
        Assert.Contains("hermes_bot_elasticsearch_failures_total", await _client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartialFailures_AreRetried_RefusedDocumentsAreCountedAndSkipped()
    {
        _es.FailNextItems(3);
        _es.Refuse = doc => (string?)doc["event"]?["id"] == "poison";
        foreach (var key in new[] { "p-1", "p-2", "poison", "p-3", "p-4" })
            await AlertPosts.PostAsync(_client, Alert(key, ns: "elsewhere"));
        var findings = await WaitAsync(() => _es.In("logs-hermes.findings-default") is { Count: 4 } d ? d : null);
        Assert.Equal(["p-1", "p-2", "p-3", "p-4"], findings.Select(f => (string?)f["event"]!["id"]).Order());
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("hermes_bot_elasticsearch_documents_total{stream=\"findings\",result=\"rejected\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("result=\"retry\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDouble_EnforcesTheBulkFormat()
    {
        using var http = new HttpClient { BaseAddress = _es.Url };
        _es.Templates["t"] = new JsonObject { ["index_patterns"] = new JsonArray("logs-x-*"), ["data_stream"] = new JsonObject(), ["template"] = new JsonObject() };
        async Task<HttpResponseMessage> Bulk(string body, string type = "application/x-ndjson") =>
            await http.PostAsync("_bulk", new StringContent(body, Encoding.UTF8, type));
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Bulk("{\"create\":{\"_index\":\"logs-x-a\"}}\n{}\n", "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Bulk("{\"create\":{\"_index\":\"logs-x-a\"}}\n{\"@timestamp\":\"2026-11-23T00:00:00Z\"}")).StatusCode);
        var answer = await (await Bulk("{\"index\":{\"_index\":\"logs-x-a\"}}\n{\"@timestamp\":\"2026-11-23T00:00:00Z\"}\n{\"create\":{\"_index\":\"logs-x-a\"}}\n{}\n")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.True((bool)answer!["errors"]!);
        Assert.Equal([400, 400], answer["items"]!.AsArray().Select(i => (int)i!.AsObject().First().Value!["status"]!));
    }
}
