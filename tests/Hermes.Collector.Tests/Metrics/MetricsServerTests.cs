using System.Net;
using Hermes.Collector.Metrics;
using Hermes.Collector.Tests.Outputs;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Tests.Metrics;

public sealed class MetricsServerTests
{
    [Fact]
    public async Task Metrics_AreServedInPrometheusFormat_AndHealthReflectsTheCheck()
    {
        var metrics = new CollectorMetrics();
        metrics.CountEvent(EventTypes.CodeOf("openat"));
        metrics.CountEvent(EventTypes.CodeOf("openat"));
        metrics.CountAlert("Rule with \"quotes\"");
        metrics.SetKernelDrops(3);
        metrics.Gauges["hermes_collector_spool_alerts"] = ("Alerts waiting in the spool.", () => 42);
        var healthy = true;
        var port = AlertReceiver.FreePort();
        await using var server = new MetricsServer($"127.0.0.1:{port}", metrics, () => (healthy, healthy ? "capturing" : "capture stopped"));
        using var client = new HttpClient();

        var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains("# TYPE hermes_collector_events_total counter", text, StringComparison.Ordinal);
        Assert.Contains("hermes_collector_events_total{type=\"openat\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("hermes_collector_alerts_total{rule=\"Rule with \\\"quotes\\\"\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("hermes_collector_kernel_drops_total 3", text, StringComparison.Ordinal);
        Assert.Contains("hermes_collector_spool_alerts 42", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode);
        healthy = false;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode);
    }
}
