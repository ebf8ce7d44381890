using Hermes.Ownership.Caching;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Caching;

public sealed class SourceCacheTests
{
    private static readonly CachePolicy Policy = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), 100);
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private sealed record Box(string Value);

    [Fact]
    public async Task WithinTheTtl_TheUpstreamIsAskedOnce()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        var calls = 0;
        for (var i = 0; i < 5; i++)
            Assert.Equal("v", (await cache.GetAsync("k", (_, _) => { calls++; return Task.FromResult<Box?>(new Box("v")); }, CancellationToken.None)).Value!.Value);
        Assert.Equal(1, calls);
        Assert.Equal(4, cache.Hits);
    }

    [Fact]
    public async Task ConcurrentMisses_ShareOneFetch()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var waiting = Enumerable.Range(0, 500).Select(_ => cache.GetAsync("image", (_, _) => { Interlocked.Increment(ref calls); return gate.Task; }, CancellationToken.None).AsTask()).ToList();
        gate.SetResult(new Box("answer"));
        var results = await Task.WhenAll(waiting);
        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal("answer", r.Value!.Value));
    }

    [Fact]
    public async Task Nothing_IsCachedForTheNegativeTtl()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        var calls = 0;
        Task<Box?> Fetch(string _, CancellationToken __) { calls++; return Task.FromResult<Box?>(null); }
        Assert.Null((await cache.GetAsync("k", Fetch, CancellationToken.None)).Value);
        _time.Advance(TimeSpan.FromSeconds(59));
        await cache.GetAsync("k", Fetch, CancellationToken.None);
        Assert.Equal(1, calls);
        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromHours(1)); // past the negative TTL and its stale window
        await cache.GetAsync("k", Fetch, CancellationToken.None);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task PastTheTtl_TheOldAnswerIsServedWhileOneFetchRevalidates()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        await cache.GetAsync("k", (_, _) => Task.FromResult<Box?>(new Box("old")), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(11));
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stale = await cache.GetAsync("k", (_, _) => gate.Task, CancellationToken.None);
        Assert.True(stale.Stale);
        Assert.Equal("old", stale.Value!.Value);
        gate.SetResult(new Box("new"));
        await WaitAsync(async () => (await cache.GetAsync("k", (_, _) => gate.Task, CancellationToken.None)).Value!.Value == "new");
        Assert.Equal(2, cache.Fetches);
    }

    [Fact]
    public async Task UpstreamDown_StaleAnswersStandInWithinTheWindow_ThenTheFailureShows()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        await cache.GetAsync("k", (_, _) => Task.FromResult<Box?>(new Box("known")), CancellationToken.None);
        static Task<Box?> Down(string _, CancellationToken __) => Task.FromException<Box?>(new HttpRequestException("registry down"));
        _time.Advance(TimeSpan.FromMinutes(30));
        for (var i = 0; i < 3; i++)
        {
            var served = await cache.GetAsync("k", Down, CancellationToken.None);
            Assert.Equal(("known", true), (served.Value!.Value, served.Stale));
        }
        await WaitAsync(() => Task.FromResult(cache.Failures >= 1));
        _time.Advance(TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<HttpRequestException>(async () => await cache.GetAsync("k", Down, CancellationToken.None));
    }

    [Fact]
    public async Task AFailureWithNothingToFallBackOn_IsRememberedForTheNegativeTtl()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        var calls = 0;
        Task<Box?> Down(string _, CancellationToken __) { calls++; return Task.FromException<Box?>(new HttpRequestException("connection refused")); }
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<HttpRequestException>(async () => await cache.GetAsync("k", Down, CancellationToken.None));
        Assert.Equal(1, calls);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("up", (await cache.GetAsync("k", (_, _) => Task.FromResult<Box?>(new Box("up")), CancellationToken.None)).Value!.Value);
    }

    [Fact]
    public async Task Capacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new SourceCache<string, Box>(Policy with { Capacity = 100 }, _time);
        await cache.GetAsync("hot", (_, _) => Task.FromResult<Box?>(new Box("hot")), CancellationToken.None);
        for (var i = 0; i < 1000; i++)
        {
            await cache.GetAsync($"k{i}", (k, _) => Task.FromResult<Box?>(new Box(k)), CancellationToken.None);
            await cache.GetAsync("hot", (_, _) => Task.FromResult<Box?>(new Box("refetched")), CancellationToken.None);
        }
        Assert.True(cache.Count <= 100, $"{cache.Count} entries");
        Assert.True(cache.Evictions >= 900);
        Assert.Equal("hot", (await cache.GetAsync("hot", (_, _) => Task.FromResult<Box?>(new Box("refetched")), CancellationToken.None)).Value!.Value);
    }

    [Fact]
    public async Task ACallerThatGivesUp_DoesNotCancelTheSharedFetch()
    {
        var cache = new SourceCache<string, Box>(Policy, _time);
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var impatient = cache.GetAsync("k", (_, _) => gate.Task, cancel.Token).AsTask();
        var patient = cache.GetAsync("k", (_, _) => gate.Task, CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        gate.SetResult(new Box("done"));
        Assert.Equal("done", (await patient).Value!.Value);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return;
            await Task.Delay(10);
        }
        Assert.Fail("condition not met");
    }
}
