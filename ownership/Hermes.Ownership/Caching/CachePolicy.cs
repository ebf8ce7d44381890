namespace Hermes.Ownership.Caching;

/// <summary>
/// How long a source's answers are kept: <see cref="Ttl"/> for answers, <see cref="NegativeTtl"/> for "nothing
/// there", and for how long past expiry an answer may still be served while it is refreshed or while the upstream
/// is down (<see cref="ServeStaleFor"/>). <see cref="Capacity"/> bounds the number of entries.
/// </summary>
public sealed record CachePolicy(TimeSpan Ttl, TimeSpan NegativeTtl, TimeSpan ServeStaleFor, int Capacity)
{
    public static CachePolicy Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), 10_000);
}
