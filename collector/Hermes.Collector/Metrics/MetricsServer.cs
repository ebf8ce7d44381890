using System.Net;
using System.Text;

namespace Hermes.Collector.Metrics;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text) and <c>/healthz</c> on a local address with HttpListener, so the
/// collector needs no web framework. Health fails (503) when the health check says the capture is not running.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CollectorMetrics _metrics;
    private readonly Func<(bool Healthy, string Detail)> _health;
    private readonly Task _loop;

    public MetricsServer(string address, CollectorMetrics metrics, Func<(bool Healthy, string Detail)> health)
    {
        _metrics = metrics;
        _health = health;
        _listener.Prefixes.Add($"http://{address}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var (status, type, body) = context.Request.Url?.AbsolutePath switch
            {
                "/metrics" => (200, "text/plain; version=0.0.4; charset=utf-8", _metrics.Render()),
                "/healthz" => _health() is var (healthy, detail) ? (healthy ? 200 : 503, "text/plain", detail + "\n") : default,
                _ => (404, "text/plain", "not found\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close(); // stops listening too
        await _loop.ConfigureAwait(false);
    }
}
