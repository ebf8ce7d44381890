using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Hermes.Collector.Tests.Outputs;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 standing in for the bot's intake: it records every alert it is sent, can
/// answer with a chosen status, and can "lose" responses (process the batch, then drop the connection).
/// </summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public AlertReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>Every alert received, in order (duplicates included).</summary>
    public ConcurrentQueue<JsonElement> Alerts { get; } = new();

    public ConcurrentQueue<(string? Authorization, string? ContentEncoding, string? ContentType)> Requests { get; } = new();

    /// <summary>Status to answer; 202 by default.</summary>
    public int Status { get; set; } = 202;

    /// <summary>How many of the next requests to record and then leave unanswered for a few seconds (the client times out).</summary>
    public int LoseResponses { get; set; }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var request = context.Request;
            Requests.Enqueue((request.Headers["Authorization"], request.Headers["Content-Encoding"], request.ContentType));
            Stream body = request.InputStream;
            if (request.Headers["Content-Encoding"] == "gzip") body = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(body);
            var text = await reader.ReadToEndAsync().ConfigureAwait(false);
            if (Status is >= 200 and < 300)
            {
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    Alerts.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }
            if (LoseResponses > 0)
            {
                LoseResponses--;
                var stalled = context;
                _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => stalled.Response.Abort(), TaskScheduler.Default);
                continue;
            }
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener looks the port up again while unregistering; when a parallel test already
            // reuses that port it throws, although this listener is closed. Nothing is left to clean up.
        }
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // stopping
        }
        _stop.Dispose();
    }
}
