using System.Collections.Concurrent;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;

namespace Hermes.Ownership.GitHub;

/// <summary>
/// Keeps the last successful response of each GET for Octokit's <see cref="CachingHttpClient"/>, which then asks
/// GitHub with <c>If-None-Match</c>: a 304 costs no rate limit and sends no body. Bounded: emptied when full
/// (a refetch is only a conditional request away from being cheap again).
/// </summary>
internal sealed class GitHubResponseCache : IResponseCache
{
    private readonly ConcurrentDictionary<string, CachedResponse.V1> _responses = new();
    private readonly int _capacity;

    public GitHubResponseCache(int capacity) => _capacity = capacity;

    public Task<CachedResponse.V1> GetAsync(IRequest request) =>
        Task.FromResult(_responses.TryGetValue(Key(request), out var cached) ? cached : null!);

    public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
    {
        // Errors are not worth revalidating, and GitHub's 304 is answered from here, never stored.
        if ((int)cachedResponse.StatusCode is >= 200 and < 300)
        {
            if (_responses.Count >= _capacity) _responses.Clear();
            _responses[Key(request)] = cachedResponse;
        }
        return Task.CompletedTask;
    }

    private static string Key(IRequest request) =>
        $"{request.BaseAddress}{request.Endpoint}?{string.Join("&", request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))} {(request.Headers.TryGetValue("Accept", out var accept) ? accept : "")}";
}
