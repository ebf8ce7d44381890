using System.Text.RegularExpressions;

namespace Hermes.Collector.State;

/// <summary>
/// Finds a container id in a cgroup path, for the runtimes Kubernetes nodes run: Docker (<c>/docker/&lt;id&gt;</c>,
/// <c>docker-&lt;id&gt;.scope</c>), containerd/CRI (<c>cri-containerd-&lt;id&gt;.scope</c>, <c>/kubepods/…/&lt;id&gt;</c>),
/// CRI-O (<c>crio-&lt;id&gt;.scope</c>) and podman (<c>libpod-&lt;id&gt;</c>). Ids are 64 hex digits.
/// </summary>
public static partial class ContainerIds
{
    [GeneratedRegex(@"(?:^|/)(?:docker-|cri-containerd-|crio-|libpod-|containerd-)?(?<id>[0-9a-f]{64})(?:\.scope)?(?:/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>The runtime a cgroup path names, or null.</summary>
    public static string? RuntimeOf(string cgroupPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        if (cgroupPath.Contains("libpod", StringComparison.Ordinal)) return "podman";
        if (cgroupPath.Contains("crio", StringComparison.Ordinal)) return "cri-o";
        if (cgroupPath.Contains("containerd", StringComparison.Ordinal) || cgroupPath.Contains("kubepods", StringComparison.Ordinal)) return "containerd";
        if (cgroupPath.Contains("docker", StringComparison.Ordinal)) return "docker";
        return null;
    }

    /// <summary>The full 64-hex container id in a cgroup path, or null for host processes.</summary>
    public static string? FromCgroupPath(string cgroupPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        // A conmon/infra scope is not the workload's container.
        if (cgroupPath.Contains("conmon", StringComparison.Ordinal)) return null;
        var match = IdPattern().Match(cgroupPath);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>The container id of <c>/proc/PID/cgroup</c> content (any hierarchy that names one).</summary>
    public static string? FromProcCgroup(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = line[(line.LastIndexOf(':') + 1)..];
            if (FromCgroupPath(path) is { } id) return id;
        }
        return null;
    }

    /// <summary>Falco's <c>container.id</c>: the first 12 hex digits, or <c>host</c>.</summary>
    public static string Short(string? fullId) => fullId is { Length: >= 12 } ? fullId[..12] : "host";
}
