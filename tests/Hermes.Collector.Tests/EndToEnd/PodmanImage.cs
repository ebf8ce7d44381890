using System.Diagnostics;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// A tiny local image for container tests (no registry can be reached): a static busybox root filesystem imported
/// with podman, labelled like a real service's image.
/// </summary>
internal static class PodmanImage
{
    public const string Name = "localhost/hermes-demo:1.0";

    /// <summary>The same root filesystem whose command sleeps: a pod's pause (sandbox) container for CRI tests.</summary>
    public const string PauseName = "localhost/hermes-pause:1.0";

    private static readonly Lazy<string> Image = new(() => Build(Name, "/bin/sh"));
    private static readonly Lazy<string> Pause = new(() => Build(PauseName, "/bin/sleep", "2147483647"));

    public static string Ensure() => Image.Value;

    public static string EnsurePause() => Pause.Value;

    /// <summary>Writes an image to a docker-archive tarball (what <c>ctr images import</c> reads).</summary>
    public static void Save(string image, string tarball)
    {
        if (Run("podman", "save", "--format", "docker-archive", "-o", tarball, image) != 0) throw new InvalidOperationException($"podman save {image} failed");
    }

    private static string Build(string name, params string[] command)
    {
        if (Run("podman", "image", "exists", name) == 0) return name;
        var busybox = File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox";
        var root = Directory.CreateTempSubdirectory("hermes-rootfs-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            Directory.CreateDirectory(Path.Combine(root, "tmp"));
            File.Copy(busybox, Path.Combine(root, "bin", "busybox"));
            foreach (var applet in new[] { "sh", "cat", "cp", "ls", "true", "sleep" })
                File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
            var tar = Path.Combine(root, "..", Path.GetFileName(root) + ".tar");
            if (Run("tar", "-C", root, "-cf", tar, ".") != 0) throw new InvalidOperationException("tar failed");
            var status = Run("podman", "import", "--change", "LABEL org.opencontainers.image.source=https://github.com/acme/payments",
                "--change", "CMD " + System.Text.Json.JsonSerializer.Serialize(command), tar, name);
            File.Delete(tar);
            if (status != 0) throw new InvalidOperationException("podman import failed: is podman installed (tests/prereqs.sh)?");
            return name;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit(120_000);
        return process.ExitCode;
    }
}
