using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Hermes.Ownership.Caching;

/// <summary>A cached value (null: the upstream said there is nothing), whether it is past its TTL, and when it was fetched.</summary>
public readonly record struct Cached<TValue>(TValue? Value, bool Stale, DateTimeOffset FetchedAt);

/// <summary>
/// The cache in front of one upstream (registry, GitHub, AWS, Slack). Answers within their TTL are served from
/// memory; "nothing there" is cached too (shorter); concurrent misses for one key share one fetch (500 alerts for
/// one image make one registry call); past the TTL the old answer is served while one background fetch
/// revalidates it, and keeps being served while the upstream is down, up to <see cref="CachePolicy.ServeStaleFor"/>;
/// a failure with nothing to fall back on is remembered for the negative TTL.
/// The least recently used entries are evicted beyond <see cref="CachePolicy.Capacity"/>.
/// </summary>
public sealed class SourceCache<TKey, TValue> where TKey : notnull where TValue : class
{
    private readonly CachePolicy _policy;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<TKey, Lazy<Task<Entry>>> _inflight = new();
    private readonly Lock _evicting = new();
    private long _clock;
    private long _hits, _fetches, _failures, _evictions;

    public SourceCache(CachePolicy policy, TimeProvider time)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public int Count => _entries.Count;

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Calls made to the upstream (successful or not).</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    public long Failures => Interlocked.Read(ref _failures);

    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>
    /// The value for <paramref name="key"/>, fetching it with <paramref name="fetch"/> when needed. The fetch runs
    /// without the caller's cancellation (other callers may be waiting on it); a caller that gives up stops waiting.
    /// Throws what the fetch threw when there is nothing to fall back on.
    /// </summary>
    public async ValueTask<Cached<TValue>> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            if (entry.Error is { } error && now < entry.FreshUntil) ExceptionDispatchInfo.Throw(error);
            if (now < entry.FreshUntil)
            {
                Interlocked.Increment(ref _hits);
                return new Cached<TValue>(entry.Value, false, entry.FetchedAt);
            }
            if (now < entry.StaleUntil)
            {
                _ = RevalidateAsync(key, fetch);
                return new Cached<TValue>(entry.Value, true, entry.FetchedAt);
            }
        }
        var fresh = await Fetch(key, fetch).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Cached<TValue>(fresh.Value, false, fresh.FetchedAt);
    }

    /// <summary>Whether <paramref name="key"/> has an answer within its TTL (without fetching or counting a hit).</summary>
    public bool IsFresh(TKey key) => _entries.TryGetValue(key, out var entry) && _time.GetUtcNow() < entry.FreshUntil;

    private async Task RevalidateAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> fetch)
    {
        try
        {
            await Fetch(key, fetch).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed background refresh keeps the stale entry; the failure is counted in Failures
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private Task<Entry> Fetch(TKey key, Func<TKey, CancellationToken, Task<TValue?>> fetch) =>
        _inflight.GetOrAdd(key, k => new Lazy<Task<Entry>>(() => FetchOnceAsync(k, fetch))).Value;

    private async Task<Entry> FetchOnceAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> fetch)
    {
        try
        {
            Interlocked.Increment(ref _fetches);
            var value = await fetch(key, CancellationToken.None).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var freshUntil = now + (value is null ? _policy.NegativeTtl : _policy.Ttl);
            var entry = new Entry(value, now, freshUntil, freshUntil + _policy.ServeStaleFor) { LastUsed = Interlocked.Increment(ref _clock) };
            _entries[key] = entry;
            if (_entries.Count > _policy.Capacity) Evict();
            return entry;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            // With nothing to fall back on, the failure itself is remembered for the negative TTL: an unreachable
            // registry is asked again after that, not once per alert.
            if (!_entries.TryGetValue(key, out var known) || known.Error is not null || known.StaleUntil <= _time.GetUtcNow())
            {
                var until = _time.GetUtcNow() + _policy.NegativeTtl;
                _entries[key] = new Entry(null, _time.GetUtcNow(), until, until) { Error = e, LastUsed = Interlocked.Increment(ref _clock) };
            }
            throw;
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }

    // Drops the least recently used tenth in one pass, so eviction costs O(n log n) once per Capacity/10 inserts.
    private void Evict()
    {
        if (!_evicting.TryEnter()) return;
        try
        {
            var excess = _entries.Count - _policy.Capacity;
            if (excess <= 0) return;
            var victims = _entries.OrderBy(e => e.Value.LastUsed).Take(excess + (_policy.Capacity / 10)).Select(e => e.Key).ToList();
            foreach (var key in victims)
                if (_entries.TryRemove(key, out _)) Interlocked.Increment(ref _evictions);
        }
        finally
        {
            _evicting.Exit();
        }
    }

    private sealed record Entry(TValue? Value, DateTimeOffset FetchedAt, DateTimeOffset FreshUntil, DateTimeOffset StaleUntil)
    {
        public long LastUsed { get; set; }

        public Exception? Error { get; init; }
    }
}
