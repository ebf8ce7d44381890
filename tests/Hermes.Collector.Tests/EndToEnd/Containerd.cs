using System.Diagnostics;
using Hermes.Collector.Containers;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// A real containerd (Debian's package, installed by tests/prereqs.sh) with its CRI plugin, private to the test run:
/// its own root, state and socket under a scratch directory, the test images imported from podman (no registry can
/// be reached), the pause image a busybox that sleeps, and host networking for pods (no CNI plugins here).
/// </summary>
public sealed class Containerd : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hermes-containerd-").FullName;
    private readonly Process _daemon;
    private readonly System.Text.StringBuilder _log = new();

    public Containerd()
    {
        SocketPath = Path.Combine(_directory, "containerd.sock");
        var config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{_directory}/root"
            state = "{_directory}/state"
            [grpc]
              address = "{SocketPath}"
            [plugins."io.containerd.grpc.v1.cri"]
              sandbox_image = "{PodmanImage.PauseName}"
              # Without CAP_SYS_RESOURCE nothing may lower its OOM score below containerd's own (the pause container asks -998).
              restrict_oom_score_adj = true
              [plugins."io.containerd.grpc.v1.cri".containerd]
                snapshotter = "overlayfs"
                default_runtime_name = "runc"
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".cni]
                bin_dir = "{_directory}/cni/bin"
                conf_dir = "{_directory}/cni/conf"
            """);
        _daemon = Process.Start(new ProcessStartInfo("containerd") { ArgumentList = { "--config", config }, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("could not start containerd (tests/prereqs.sh installs it)");
        _daemon.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        for (var i = 0; i < 100 && !File.Exists(SocketPath); i++) Thread.Sleep(100);
        if (!File.Exists(SocketPath)) throw new InvalidOperationException("containerd did not open its socket");

        foreach (var image in new[] { PodmanImage.Ensure(), PodmanImage.EnsurePause() })
        {
            var tarball = Path.Combine(_directory, "image.tar");
            PodmanImage.Save(image, tarball);
            Run("ctr", "--address", SocketPath, "--namespace", "k8s.io", "images", "import", tarball);
            File.Delete(tarball);
        }
        Client = new CriClient(SocketPath, TimeSpan.FromSeconds(30));
    }

    public string SocketPath { get; }

    /// <summary>What containerd logged (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>A CRI client on the daemon (the same one the collector uses).</summary>
    public CriClient Client { get; }

    /// <summary>A directory for pod logs.</summary>
    public string LogDirectory => Directory.CreateDirectory(Path.Combine(_directory, "logs")).FullName;

    public void Dispose()
    {
        Client.Dispose();
        if (!_daemon.HasExited)
        {
            _daemon.Kill();
            _daemon.WaitForExit(10_000);
        }
        // Shims outlive the daemon by design (a containerd restart must not kill pods): stop this run's.
        Run("pkill", "-f", $"containerd-shim-runc-v2.*{_directory}");
        foreach (var mount in File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(_directory, StringComparison.Ordinal)).Reverse())
            Run("umount", "-l", mount);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted snapshot may still be busy; /tmp is cleaned with the machine.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(120_000);
        if (process.ExitCode != 0 && file != "pkill" && file != "umount")
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {errors.Result}");
    }
}
