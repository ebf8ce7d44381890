using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Hermes.Collector.Outputs;

/// <summary>
/// Delivers alerts over HTTP with nothing lost: <see cref="WriteAsync"/> returns once the alert is in the on-disk
/// spool; a background sender POSTs the oldest alerts as JSON lines with the bearer token and deletes them only
/// after a 2xx. While the receiver is down it retries with exponential backoff; a 4xx other than 408/429 means
/// the receiver will never take that batch, so it is moved aside to <c>rejected/</c> and counted, not retried forever.
/// </summary>
public sealed class HttpOutput : IAlertOutput
{
    private readonly HttpOutputOptions _options;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private long _sent;
    private long _failedAttempts;
    private long _rejected;

    public HttpOutput(HttpOutputOptions options, HttpClient client, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? TimeProvider.System;
        Spool = new AlertSpool(options.SpoolDirectory, options.SpoolMaxAlerts, options.SpoolMaxBytes);
        _sender = Task.Run(SendLoopAsync);
    }

    public string Name => "http";

    /// <summary>Where alerts go (the heartbeat is sent beside it).</summary>
    public Uri Url => _options.Url;

    /// <summary>The spool, for metrics (depth, drops).</summary>
    public AlertSpool Spool { get; }

    /// <summary>Alerts the receiver acknowledged.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Requests that failed and will be retried.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Alerts the receiver refused for good (moved to <c>rejected/</c>).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public ValueTask WriteAsync(AlertEnvelope alert, CancellationToken cancellationToken)
    {
        Spool.Enqueue(alert);
        _wake.Release();
        return ValueTask.CompletedTask;
    }

    private async Task SendLoopAsync()
    {
        var backoff = _options.InitialBackoff;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var batch = Spool.Peek(_options.BatchSize);
            if (batch.Count == 0)
            {
                try
                {
                    await _wake.WaitAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            var outcome = await TrySendAsync(batch, token).ConfigureAwait(false);
            if (outcome == Outcome.Delivered || outcome == Outcome.Rejected)
            {
                if (outcome == Outcome.Rejected) SetAside(batch);
                else Interlocked.Add(ref _sent, batch.Count);
                Spool.Acknowledge(batch.Select(a => a.Sequence));
                backoff = _options.InitialBackoff;
                continue;
            }
            Interlocked.Increment(ref _failedAttempts);
            try
            {
                await Task.Delay(backoff, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private enum Outcome { Delivered, Retry, Rejected }

    private async Task<Outcome> TrySendAsync(IReadOnlyList<SpooledAlert> batch, CancellationToken token)
    {
        var body = Encoding.UTF8.GetBytes(batch.Count == 1 ? batch[0].Json : string.Join('\n', batch.Select(a => a.Json)) + "\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        if (_options.Gzip)
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                await gzip.WriteAsync(body, token).ConfigureAwait(false);
            request.Content = new ByteArrayContent(compressed.ToArray());
            request.Content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            request.Content = new ByteArrayContent(body);
        }
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(batch.Count == 1 ? "application/json" : "application/x-ndjson");
        if (_options.Token is { Length: > 0 } bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return Outcome.Delivered;
            var status = (int)response.StatusCode;
            return status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized)
                ? Outcome.Rejected
                : Outcome.Retry;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // Also while stopping: a request that fails as the daemon shuts down stays spooled for the next start
            // (letting it escape here made shutdown throw "connection refused" when the bot was down).
            return Outcome.Retry;
        }
    }

    private void SetAside(IReadOnlyList<SpooledAlert> batch)
    {
        var rejected = Path.Combine(_options.SpoolDirectory, "rejected");
        Directory.CreateDirectory(rejected);
        foreach (var alert in batch)
            File.WriteAllText(Path.Combine(rejected, $"{alert.Sequence}.{alert.IdempotencyKey}.json"), alert.Json);
        Interlocked.Add(ref _rejected, batch.Count);
    }

    /// <summary>Waits until the spool is empty or the timeout passes; returns whether it emptied.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (Spool.Count > 0 && _time.GetTimestamp() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        return Spool.Count == 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sender.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        _stop.Dispose();
        _wake.Dispose();
    }
}
