namespace Hermes.Collector.State;

/// <summary>
/// Users and groups as each process sees them: the host's tables for host processes and, for a container, its own
/// <c>/etc/passwd</c> and <c>/etc/group</c>, read through <c>/proc/PID/root</c> when the container is first seen. A
/// container's uid 1000 is whoever its image says, not the host's uid 1000.
/// </summary>
public sealed class UserTables(UserTable host, string procRoot = "/proc", int maxContainers = 4096)
{
    private readonly Dictionary<string, UserTable> _containers = new(StringComparer.Ordinal);

    /// <summary>The tables that apply to <paramref name="process"/>.</summary>
    public UserTable For(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.ContainerId is not { } id) return host;
        if (_containers.TryGetValue(id, out var table)) return table;
        // Only a live process shows the container's files: when it is already gone, answer without remembering.
        var root = Path.Combine(procRoot, process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "root");
        if (!Directory.Exists(root)) return UserTable.Empty;
        // Containers come and go by the hundred thousand a day on busy nodes; re-reading a forgotten one is cheap.
        if (_containers.Count >= maxContainers) _containers.Clear();
        return _containers[id] = UserTable.Load(Path.Combine(root, "etc"));
    }
}
