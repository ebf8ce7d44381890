using System.Text.Json;
using Hermes.Collector.Outputs;
using Hermes.Rules.Engine;

namespace Hermes.Collector.Tests.Outputs;

public sealed class HttpOutputTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("hermes-spool-").FullName;
    private readonly HttpClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_spool, recursive: true);
    }

    // A generous request timeout: on a loaded CI machine a slow answer must not count as a lost one (which resends the
    // batch, correctly, but breaks exact counts). The lost-response test passes a short one on purpose.
    private HttpOutput Output(int port, Action<HttpOutputOptions>? tweak = null, bool gzip = false, int requestTimeoutMs = 5000) =>
        new(new HttpOutputOptions
        {
            Url = new Uri($"http://127.0.0.1:{port}/api/v1/alerts"),
            Token = "s3cret",
            Gzip = gzip,
            SpoolDirectory = _spool,
            BatchSize = 10,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromMilliseconds(requestTimeoutMs),
        }, _client);

    private static AlertEnvelope Alert(int i, Priority priority = Priority.Warning)
    {
        var key = $"key{i:D4}";
        var json = JsonSerializer.Serialize(new
        {
            hostname = "node-1", output = $"alert {i}", priority = priority.ToString(), rule = "r", source = "syscall",
            tags = Array.Empty<string>(), time = "2026-01-01T00:00:00.000000000Z",
            output_fields = new Dictionary<string, object> { ["hermes.idempotency_key"] = key },
        });
        return new AlertEnvelope(key, priority, json);
    }

    private static HashSet<string> Keys(AlertReceiver receiver) =>
        receiver.Alerts.Select(a => a.GetProperty("output_fields").GetProperty("hermes.idempotency_key").GetString()!).ToHashSet();

    [Fact]
    public async Task BotDown_100Alerts_BotUp_AllDeliveredOnce()
    {
        var port = AlertReceiver.FreePort();
        await using var output = Output(port);
        for (var i = 0; i < 100; i++) await output.WriteAsync(Alert(i), CancellationToken.None);
        Assert.Equal(100, output.Spool.Count + (int)output.Sent);

        await using var receiver = new AlertReceiver(port);
        Assert.True(await output.DrainAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(100, receiver.Alerts.Count);
        Assert.Equal(100, Keys(receiver).Count);
        Assert.True(output.FailedAttempts > 0);
        Assert.All(receiver.Requests, r => Assert.Equal("Bearer s3cret", r.Authorization));
    }

    [Fact]
    public async Task Crash_WithAlertsSpooled_RestartDeliversThemWithTheSameKeys()
    {
        var port = AlertReceiver.FreePort();
        var first = Output(port);
        for (var i = 0; i < 100; i++) await first.WriteAsync(Alert(i), CancellationToken.None);
        await first.DisposeAsync(); // the process dies: only the spool directory survives

        await using var receiver = new AlertReceiver(port);
        await using var restarted = Output(port);
        Assert.Equal(100, restarted.Spool.Count);
        Assert.True(await restarted.DrainAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"key{i:D4}").ToHashSet(), Keys(receiver));
        Assert.Equal(100, receiver.Alerts.Count);
    }

    [Fact]
    public async Task LostResponse_IsResentWithTheSameKeys_SoTheReceiverCanDeduplicate()
    {
        var port = AlertReceiver.FreePort();
        await using var receiver = new AlertReceiver(port) { LoseResponses = 2 };
        await using var output = Output(port, requestTimeoutMs: 500);
        for (var i = 0; i < 30; i++) await output.WriteAsync(Alert(i), CancellationToken.None);
        Assert.True(await output.DrainAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(30, Keys(receiver).Count);
        Assert.True(receiver.Alerts.Count > 30, $"the batches whose responses were lost are sent again: {receiver.Alerts.Count} received, {receiver.Requests.Count} requests, {output.FailedAttempts} failures");
    }

    [Fact]
    public async Task PermanentRejection_IsSetAsideNotRetriedForever()
    {
        var port = AlertReceiver.FreePort();
        await using var receiver = new AlertReceiver(port) { Status = 400 };
        await using var output = Output(port);
        await output.WriteAsync(Alert(1), CancellationToken.None);
        Assert.True(await output.DrainAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, output.Rejected);
        Assert.Single(Directory.GetFiles(Path.Combine(_spool, "rejected")));
    }

    [Fact]
    public async Task Gzip_IsAnnouncedAndDecodable()
    {
        var port = AlertReceiver.FreePort();
        await using var receiver = new AlertReceiver(port);
        await using var output = Output(port, gzip: true);
        await output.WriteAsync(Alert(7), CancellationToken.None);
        Assert.True(await output.DrainAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("gzip", Assert.Single(receiver.Requests).ContentEncoding);
        Assert.Equal(["key0007"], Keys(receiver));
    }
}
