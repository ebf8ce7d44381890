using Hermes.Collector.Tests.Support;
using System.Diagnostics;
using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// The real <c>hermes-collector run</c> with the official rules unchanged, as a child process writing alerts to a
/// file. Needs root (the kernel probe); the test suite runs as root in CI and fails, not skips, without it.
/// </summary>
public sealed class CollectorProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory = Directory.CreateTempSubdirectory("hermes-e2e-").FullName;
    private readonly System.Text.StringBuilder _stderr = new();

    public CollectorProcess() : this(null, null) { }

    /// <summary>Starts the collector with an output (default: a file in its scratch directory) and extra environment.</summary>
    internal CollectorProcess(string? output, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? extraRules = null)
    {
        AlertsFile = Path.Combine(_directory, "alerts.json");
        var collector = Path.Combine(AppContext.BaseDirectory, "hermes-collector.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { collector, "run", "--rules", SharedCorpus.OfficialRules(), "--output", output ?? "file:" + AlertsFile },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var rules in extraRules ?? []) { start.ArgumentList.Add("--rules"); start.ArgumentList.Add(rules); }
        start.Environment["HERMES_COLLECTOR_METRICS_ADDRESS"] = "";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start hermes-collector");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data.Contains("capturing with", StringComparison.Ordinal)) ready.TrySetResult();
        };
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)) || _process.HasExited)
            throw new InvalidOperationException($"hermes-collector did not start capturing (it needs root and BPF): {Stderr}");
    }

    public string AlertsFile { get; }

    /// <summary>Kills the collector at once (SIGKILL): nothing gets to flush or clean up.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>A scratch directory for the test's actions.</summary>
    public string Scratch(string name)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs a shell command (as a child process, so the collector's own pid filter does not hide it).</summary>
    public static string Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        // A stray grandchild may keep the pipes open after the shell exited: do not wait for it.
        var text = Task.WaitAll([output, errors], TimeSpan.FromSeconds(5)) ? output.Result + errors.Result : "(output still open)";
        return $"exit {(process.HasExited ? process.ExitCode : -1)}: {text}";
    }

    /// <summary>Waits until an alert satisfying <paramref name="match"/> arrives (or the timeout passes).</summary>
    public JsonElement? WaitForAlert(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var alert in Alerts())
                if (match(alert)) return alert;
            Thread.Sleep(100);
        }
        return null;
    }

    public IEnumerable<JsonElement> Alerts()
    {
        if (!File.Exists(AlertsFile)) return [];
        using var stream = new FileStream(AlertsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var alerts = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) alerts.Add(JsonDocument.Parse(line).RootElement.Clone());
        return alerts;
    }


    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Shell($"kill -TERM {_process.Id}");
            if (!_process.WaitForExit(20_000)) _process.Kill();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
