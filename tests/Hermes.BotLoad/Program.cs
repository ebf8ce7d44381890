using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

// hermes-botload MODE URL [seconds] [concurrency]
//   baseline  GET /healthz as fast as possible: the HTTP ceiling of this machine, the peer intake is compared with
//   sustained POST one realistic alert per request (as Falco's http_output does) for the given seconds
//   storm     POST 100,000 alerts from 50 pods (batches of 100, JSON lines, as the collector sends) and report
//             how long intake took; the script then checks cases and questions through the API
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: hermes-botload baseline|sustained|storm URL [seconds] [concurrency]");
    return 2;
}
var mode = args[0];
var url = new Uri(args[1]);
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("HERMES_LOAD_TOKEN") ?? "load");

var rules = new[] { "Terminal shell in container", "Read sensitive file untrusted", "Contact K8S API Server From Container", "Packet socket created in container" };
var sequence = 0L;
string Alert(int pod)
{
    var n = Interlocked.Increment(ref sequence);
    return new JsonObject
    {
        ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["rule"] = rules[pod % rules.Length],
        ["priority"] = "Warning",
        ["source"] = "syscall",
        ["hostname"] = $"node-{pod % 7}",
        ["tags"] = new JsonArray("container", "shell", "mitre_execution"),
        ["output"] = $"10:00:00.000000000: Warning A shell was spawned in a container with an attached terminal (evt_type=execve user=root user_uid=0 process=bash proc_exepath=/usr/bin/bash parent=runc command=bash -il terminal=34816 container_id=3ad7b26ded6d k8s_ns=load k8s_pod=web-{pod})",
        ["output_fields"] = new JsonObject
        {
            ["evt.type"] = "execve", ["user.name"] = "root", ["user.uid"] = 0, ["proc.name"] = "bash", ["proc.exepath"] = "/usr/bin/bash",
            ["proc.pname"] = "runc", ["proc.cmdline"] = "bash -il", ["proc.tty"] = 34816, ["container.id"] = "3ad7b26ded6d",
            ["k8s.ns.name"] = "load", ["k8s.pod.name"] = $"web-{pod}", ["hermes.cluster"] = "bench", ["hermes.idempotency_key"] = $"load-{Environment.ProcessId}-{n}",
        },
    }.ToJsonString();
}

async Task<(long Ok, long Failed, List<double> Latencies)> RunAsync(Func<int, Task<HttpResponseMessage>> send, Func<int, bool> more)
{
    var latencies = new List<double>[concurrency];
    long ok = 0, failed = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async w =>
    {
        latencies[w] = [];
        var i = 0;
        while (more(i))
        {
            var watch = Stopwatch.StartNew();
            using var response = await send(w * 1_000_000 + i++);
            latencies[w].Add(watch.Elapsed.TotalMilliseconds);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) Interlocked.Increment(ref ok);
            else Interlocked.Increment(ref failed);
        }
    });
    await Task.WhenAll(workers);
    return (ok, failed, latencies.SelectMany(l => l).Order().ToList());
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

var clock = Stopwatch.StartNew();
switch (mode)
{
    case "baseline":
    case "sustained":
    {
        var deadline = TimeSpan.FromSeconds(seconds);
        var (ok, failed, latencies) = await RunAsync(i => mode == "baseline"
                ? client.GetAsync("/healthz")
                : client.PostAsync("/api/v1/alerts", new StringContent(Alert(i % 50), Encoding.UTF8, "application/json")),
            _ => clock.Elapsed < deadline);
        var rate = ok / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {ok} ok, {failed} failed in {clock.Elapsed.TotalSeconds:F1}s = {rate:F0}/s; latency p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms (concurrency {concurrency})"));
        return failed == 0 ? 0 : 1;
    }
    case "storm":
    {
        const int Total = 100_000, Batch = 100, Pods = 50;
        var batches = Total / Batch;
        if (batches % concurrency != 0) throw new ArgumentException($"concurrency must divide {batches}");
        var perWorker = batches / concurrency;
        var (ok, failed, latencies) = await RunAsync(index =>
        {
            var b = index / 1_000_000 * perWorker + index % 1_000_000;
            var body = new StringBuilder();
            for (var k = 0; k < Batch; k++) body.Append(Alert((b * Batch + k) % Pods)).Append('\n');
            return client.PostAsync("/api/v1/alerts", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
        }, i => i < perWorker);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storm: {ok * Batch} alerts from {Pods} pods in {ok} batches ({failed} failed) in {clock.Elapsed.TotalSeconds:F1}s = {ok * Batch / clock.Elapsed.TotalSeconds:F0} alerts/s; batch latency p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms"));
        return failed == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}
