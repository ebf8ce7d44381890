using System.Text.Json;
using Hermes.Collector.Metrics;
using Hermes.Collector.Outputs;
using Hermes.Collector.Daemon;
using Hermes.Rules.Engine;
using Hermes.Rules.Fields;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Tests.Daemon;

public sealed class AlertPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Rules = """
        - rule: cat opens
          desc: d
          condition: evt.type=openat and proc.name=cat
          output: "cat opened %fd.name in %container.id"
          priority: WARNING
          tags: [t]
        - rule: any open
          desc: d
          condition: evt.type=openat
          output: "open %fd.name"
          priority: DEBUG
        """;

    private static FakeEvent Open(string process) =>
        new("openat", new() { [FieldId.ProcName] = process, [FieldId.FdName] = "/etc/shadow", [FieldId.ContainerImageDigest] = "sha256:abc" });

    private async Task<List<JsonElement>> Run(RuleMatching matching, Action<AlertPipeline> act, CollectorMetrics metrics)
    {
        var rules = RuleLoader.LoadText("r.yaml", Rules).RuleSet;
        var path = Path.Combine(_dir, "alerts.json");
        var factory = new AlertEnvelopeFactory(AlertEnvelopeFactory.ContextOptions("node-a", "prod", "eu-west-1", null));
        var output = new FileOutput(path);
        await using (var pipeline = new AlertPipeline(() => rules, matching, factory, [output], metrics, "node-a"))
            act(pipeline);
        await output.DisposeAsync();
        return File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task MatchingEvent_BecomesFalcoJsonWithHermesContext()
    {
        var metrics = new CollectorMetrics();
        var alerts = await Run(RuleMatching.First, p => { p.OnEvent(Open("cat")); p.OnEvent(new FakeEvent("close", [])); }, metrics);
        var alert = Assert.Single(alerts);
        Assert.Equal("cat opens", alert.GetProperty("rule").GetString());
        var fields = alert.GetProperty("output_fields");
        Assert.Equal("prod", fields.GetProperty("hermes.cluster").GetString());
        Assert.Equal("eu-west-1", fields.GetProperty("hermes.region").GetString());
        Assert.Equal("node-a", fields.GetProperty("hermes.node").GetString());
        Assert.Equal("sha256:abc", fields.GetProperty("container.image.digest").GetString());
        Assert.Equal(32, fields.GetProperty("hermes.idempotency_key").GetString()!.Length);
        Assert.Contains("cat opened /etc/shadow in <NA> container_id=<NA>", alert.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, metrics.TotalEvents);
        Assert.Contains("hermes_collector_alerts_total{rule=\"cat opens\"} 1", metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleMatchingAll_RaisesEveryMatchingRule()
    {
        var alerts = await Run(RuleMatching.All, p => p.OnEvent(Open("cat")), new CollectorMetrics());
        Assert.Equal(["cat opens", "any open"], alerts.Select(a => a.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task KernelDrops_RaiseAnInternalAlert()
    {
        var alerts = await Run(RuleMatching.First, p => p.ReportKernelDrops(7, 1000, 1_700_000_000_000_000_000), new CollectorMetrics());
        var alert = Assert.Single(alerts);
        Assert.Equal("internal", alert.GetProperty("source").GetString());
        Assert.Equal("Falco internal: syscall event drop", alert.GetProperty("rule").GetString());
        Assert.Equal("7", alert.GetProperty("output_fields").GetProperty("n_drops").GetString());
    }
}
