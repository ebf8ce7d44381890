using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hermes.Ownership;
using Hermes.Ownership.Model;
using Hermes.Ownership.Tests.Support;

// Ownership resolution with a real registry (docker-registry) and the GitHub double: IMAGES images, each from its own
// repository whose CODEOWNERS names a team of two. Measures cold resolutions (empty caches), the upstream calls
// made for ALERTS alerts spread over the images (concurrently, as alerts arrive), warm resolution latency, and the
// same warm workload through an uncached resolver (the peer: what every alert would cost without the cache).
var images = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var alerts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var warmRounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;

await using var registry = await LocalRegistry.StartAsync();
await using var github = await GitHubDouble.StartAsync();
var work = Directory.CreateTempSubdirectory("hermes-ownership-bench-").FullName;
var references = new List<string>();
Console.Error.WriteLine($"pushing {images} images to {registry.Host} ...");
for (var i = 0; i < images; i++)
{
    var revision = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(BitConverter.GetBytes(i)));
    github.File($"acme/svc-{i}", ".github/CODEOWNERS", $"* @acme/team-{i}\n", revision);
    github.Team("acme", $"team-{i}", 1000 + i, $"dev{i}a", $"dev{i}b");
    github.User($"dev{i}a", $"dev{i}a@acme.example");
    github.User($"dev{i}b", $"dev{i}b@acme.example");
    var layout = Path.Combine(work, $"img{i}");
    OciLayout.WriteImage(layout, "1", new OciLayout.Platform("linux", "amd64", new Dictionary<string, string>
    {
        ["org.opencontainers.image.source"] = $"{github.Url}acme/svc-{i}",
        ["org.opencontainers.image.revision"] = revision,
    }));
    await registry.PushAsync(layout, "1", $"acme/svc-{i}:1");
    references.Add($"{registry.Host}/acme/svc-{i}:1");
    BenchImages.All.Add(references[^1]);
}
Directory.Delete(work, recursive: true);

var counting = new CountingHandler();
OwnershipService Service(TimeSpan ttl) => OwnershipService.Create(new OwnershipOptions
{
    Registry = new() { PlainHttp = [registry.Host] },
    GitHub = new() { Url = github.Url.ToString(), Token = GitHubDouble.Token },
    Cache = new[] { "image", "github", "kubernetes", "aws", "slack" }.ToDictionary(s => s, _ => new CacheSettings { Ttl = ttl, NegativeTtl = ttl, ServeStaleFor = TimeSpan.Zero }),
}, TimeProvider.System, new HttpClient(counting));
WorkloadRef Workload(int i) => new(Namespace: "bench", Pod: $"pod-{i % images}", Image: references[i % images]);

// Cold: each image resolved once, caches empty.
var cached = Service(TimeSpan.FromMinutes(10));
var cold = new List<double>();
for (var i = 0; i < images; i++)
{
    var sw = Stopwatch.StartNew();
    var answer = await cached.ResolveAsync(Workload(i), CancellationToken.None);
    cold.Add(sw.Elapsed.TotalMilliseconds);
    if (answer.People.Count != 2) throw new InvalidOperationException($"image {i}: expected two owners, got: {string.Join("; ", answer.Tried)}");
}

// Upstream calls for ALERTS alerts on a fresh service, 16 at a time.
var fresh = Service(TimeSpan.FromMinutes(10));
var (githubBefore, registryBefore) = (github.Total, counting.Count);
await Parallel.ForEachAsync(Enumerable.Range(0, alerts), new ParallelOptions { MaxDegreeOfParallelism = 16 },
    async (i, ct) => await fresh.ResolveAsync(Workload(i), ct));
var githubCalls = github.Total - githubBefore;
var registryCalls = counting.Count - registryBefore;

// Warm latency, then the uncached peer on the same workloads.
var warm = await Measure(cached, warmRounds);
var uncached = Service(TimeSpan.Zero);
var uncachedRounds = Math.Min(warmRounds, 2_000);
var (githubPeer, registryPeer) = (github.Total, counting.Count);
var peer = await Measure(uncached, uncachedRounds);
var githubPerAlertPeer = (double)(github.Total - githubPeer) / uncachedRounds;
var registryPerAlertPeer = (double)(counting.Count - registryPeer) / uncachedRounds;

Console.WriteLine($"ownership resolution, {images} images (real docker-registry + GitHub double on loopback), {Environment.ProcessorCount} cores");
Console.WriteLine($"cold (empty caches): mean {cold.Average():F2} ms, p50 {P(cold, 50):F2} ms, p99 {P(cold, 99):F2} ms per image");
Console.WriteLine($"{alerts} alerts over {images} images (16 concurrent, fresh caches): GitHub calls {githubCalls} ({(double)githubCalls / images:F1} per image: CODEOWNERS, catalog-info.yaml 404, team, members, 2 users), registry calls {registryCalls} ({(double)registryCalls / images:F1} per image: manifest + config)");
Console.WriteLine($"warm ({warmRounds} resolutions): p50 {P(warm, 50) * 1000:F1} µs, p99 {P(warm, 99) * 1000:F1} µs, max {warm.Max():F2} ms");
Console.WriteLine($"peer, uncached resolver ({uncachedRounds} resolutions): p50 {P(peer, 50):F2} ms, p99 {P(peer, 99):F2} ms; {githubPerAlertPeer:F1} GitHub and {registryPerAlertPeer:F1} registry calls per alert");
Console.WriteLine($"ratio warm/uncached p99: {P(warm, 99) / P(peer, 99):F4} ({P(peer, 99) / P(warm, 99):F0}x faster); GitHub calls per 1,000 alerts: cached {githubCalls * 1000.0 / alerts:F0} vs uncached {githubPerAlertPeer * 1000:F0}");

static async Task<List<double>> Measure(OwnershipService service, int rounds)
{
    var times = new List<double>(rounds);
    for (var i = 0; i < rounds; i++)
    {
        var workload = new WorkloadRef(Namespace: "bench", Pod: $"pod-{i}", Image: BenchImages.At(i));
        var sw = Stopwatch.StartNew();
        await service.ResolveAsync(workload, CancellationToken.None);
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    return times;
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

/// <summary>The pushed image references, for the measuring loop.</summary>
internal static class BenchImages
{
    public static List<string> All { get; } = [];

    public static string At(int i) => All[i % All.Count];
}

/// <summary>Counts the registry requests the ownership service makes.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _count;

    public int Count => _count;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
