using Hermes.Collector.Tests.Outputs;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// The real collector delivering to an HTTP receiver that is down: alerts wait in the on-disk spool, survive a
/// <c>kill -9</c>, and are all delivered once, with their original idempotency keys, when both come back.
/// </summary>
[Collection("kernel")]
public sealed class DurableDeliveryTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("hermes-e2e-spool-").FullName;

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public async Task BotDown_100Alerts_CollectorKilled_RestartedWithBotUp_AllDeliveredOnce()
    {
        var port = AlertReceiver.FreePort();
        var output = $"http:http://127.0.0.1:{port}/api/v1/alerts";
        var environment = new Dictionary<string, string> { ["HERMES_COLLECTOR_SPOOL_DIRECTORY"] = _spool, ["HERMES_COLLECTOR_HTTP_TOKEN"] = "t0ken" };
        var marker = Path.Combine(_spool, "marker");

        var spooled = new List<string>();
        using (var first = new CollectorProcess(output, environment))
        {
            CollectorProcess.Shell($"for i in $(seq 1 100); do cat /etc/shadow {marker}-$i 2>/dev/null; done > /dev/null");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && SpooledFor(marker) < 100) await Task.Delay(100);
            Assert.Equal(100, SpooledFor(marker));
            first.KillHard();
        }

        await using var receiver = new AlertReceiver(port);
        using var second = new CollectorProcess(output, environment);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until && Received(receiver, marker).Count < 100) await Task.Delay(100);

        var received = Received(receiver, marker);
        Assert.Equal(100, received.Count);
        Assert.Equal(100, received.Select(a => a.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"cat /etc/shadow {marker}-{i}").Order(), received.Select(a => a.Command).Order());
        Assert.All(receiver.Requests, r => Assert.Equal("Bearer t0ken", r.Authorization));
    }

    private int SpooledFor(string marker) =>
        Directory.GetFiles(_spool, "*.alert").Count(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal));

    private static List<(string Key, string Command)> Received(AlertReceiver receiver, string marker) =>
        receiver.Alerts
            .Where(a => a.GetProperty("output_fields").GetProperty("proc.cmdline").GetString()!.Contains(marker, StringComparison.Ordinal))
            .Select(a => (a.GetProperty("output_fields").GetProperty("hermes.idempotency_key").GetString()!,
                          a.GetProperty("output_fields").GetProperty("proc.cmdline").GetString()!))
            .ToList();
}
