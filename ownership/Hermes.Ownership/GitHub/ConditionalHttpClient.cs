using System.Collections.Concurrent;
using System.Net;
using Octokit;
using Octokit.Internal;

namespace Hermes.Ownership.GitHub;

/// <summary>
/// Octokit's HTTP layer with conditional requests: the last 2xx answer to each GET is kept with its ETag and the
/// next GET of the same resource sends <c>If-None-Match</c>; GitHub answers 304 (no body, no rate-limit cost)
/// and the kept answer is returned. Octokit's own CachingHttpClient is not used: it drops the body
/// pre-processing of raw content requests, so file contents come back empty through it.
/// Bounded: emptied when full (each entry is only a conditional request away from being cheap again).
/// </summary>
internal sealed class ConditionalHttpClient : IHttpClient
{
    private readonly IHttpClient _inner;
    private readonly ConcurrentDictionary<string, IResponse> _responses = new();
    private readonly int _capacity;

    public ConditionalHttpClient(IHttpClient inner, int capacity)
    {
        _inner = inner;
        _capacity = capacity;
    }

    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Get) return await _inner.Send(request, cancellationToken, preprocessResponseBody).ConfigureAwait(false);
        var key = Key(request);
        if (_responses.TryGetValue(key, out var kept) && kept.ApiInfo?.Etag is { Length: > 0 } etag) request.Headers["If-None-Match"] = etag;
        // Raw bodies arrive as a stream that can be read once: keep the bytes so the answer can be replayed.
        var response = await _inner.Send(request, cancellationToken, body =>
        {
            if (body is Stream stream)
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                stream.Dispose();
                var bytes = copy.ToArray();
                return preprocessResponseBody is null ? bytes : preprocessResponseBody(new MemoryStream(bytes, writable: false));
            }
            return preprocessResponseBody is null ? body : preprocessResponseBody(body);
        }).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified && kept is not null)
        {
            return kept;
        }
        if ((int)response.StatusCode is >= 200 and < 300 && response.ApiInfo?.Etag is { Length: > 0 })
        {
            if (_responses.Count >= _capacity) _responses.Clear();
            _responses[key] = response;
        }
        return response;
    }

    public void SetRequestTimeout(TimeSpan timeout) => _inner.SetRequestTimeout(timeout);

    public void Dispose() => _inner.Dispose();

    private static string Key(IRequest request) =>
        $"{request.BaseAddress}{request.Endpoint} {(request.Headers.TryGetValue("Accept", out var accept) ? accept : "")}";
}
