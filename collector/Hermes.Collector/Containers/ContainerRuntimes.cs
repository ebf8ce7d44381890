namespace Hermes.Collector.Containers;

/// <summary>
/// Which container runtimes to ask, written <c>cri:/path/to.sock</c> (containerd, CRI-O) or <c>docker:/path/to.sock</c>
/// (Docker, podman's compatible service). Without configuration, the well-known sockets that exist on the node.
/// </summary>
public static class ContainerRuntimes
{
    /// <summary>Where Kubernetes' runtimes and Docker/podman listen by default, CRI first (that is where pods run).</summary>
    public static readonly IReadOnlyList<string> WellKnown =
    [
        "cri:/run/containerd/containerd.sock", "cri:/run/crio/crio.sock", "cri:/var/run/crio/crio.sock",
        "docker:/var/run/docker.sock", "docker:/run/podman/podman.sock",
    ];

    /// <summary>Checks an endpoint's form; returns an error message, or null when it is valid.</summary>
    public static string? Validate(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var colon = endpoint.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? "" : endpoint[..colon];
        if (kind is not ("cri" or "docker")) return $"'{endpoint}' must start with cri: or docker:";
        return endpoint[(colon + 1)..].StartsWith('/') ? null : $"'{endpoint}' must name the socket by its absolute path";
    }

    /// <summary>Clients for the endpoints given (or, when none are, for the well-known sockets that exist).</summary>
    public static IReadOnlyList<IContainerRuntime> Open(IReadOnlyList<string>? endpoints, TimeSpan timeout)
    {
        var chosen = endpoints is { Count: > 0 } ? endpoints : Discover("/");
        return chosen.Select(endpoint =>
        {
            var colon = endpoint.IndexOf(':', StringComparison.Ordinal);
            var path = endpoint[(colon + 1)..];
            return endpoint[..colon] == "cri" ? (IContainerRuntime)new CriClient(path, timeout) : new DockerEngineClient(path, timeout);
        }).ToList();
    }

    /// <summary>
    /// The well-known endpoints whose socket exists under <paramref name="root"/> (<c>/</c> on a node), each socket once:
    /// <c>/var/run</c> is usually a link to <c>/run</c>, and one runtime asked twice would double every miss.
    /// </summary>
    internal static IReadOnlyList<string> Discover(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var endpoint in WellKnown)
        {
            var socket = root.TrimEnd('/') + endpoint[(endpoint.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (Path.Exists(socket) && seen.Add(RealPath(socket))) found.Add(endpoint);
        }
        return found;
    }

    // The path with every symbolic link along it resolved (realpath(3); a link loop stops after 40 hops).
    private static string RealPath(string path, int hops = 0)
    {
        var resolved = "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Join(resolved, parts[i]);
            if (hops < 40 && new FileInfo(next).LinkTarget is { } target)
                return RealPath(Path.Join(Path.GetFullPath(target, resolved), string.Join('/', parts[(i + 1)..])), hops + 1);
            resolved = next;
        }
        return resolved;
    }
}
