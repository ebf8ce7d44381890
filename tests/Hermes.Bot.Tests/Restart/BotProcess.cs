using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Hermes.Bot.Tests.Support;
using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Restart;

/// <summary>hermes-bot as its own process (the built binary), so a test can kill it with SIGKILL and start it again.</summary>
public sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private BotProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Repository.Path("bot", "Hermes.Bot", "bin", configuration, "net10.0", "hermes-bot.dll");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url.ToString());
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var bot = new BotProcess(process, url);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = url };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"hermes-bot exited with {process.ExitCode}:\n{bot.Log}");
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) return bot;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        bot.Dispose();
        throw new TimeoutException($"hermes-bot did not become healthy:\n{bot.Log}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what a node failure or OOM kill does.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
