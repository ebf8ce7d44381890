using System.Globalization;

namespace Hermes.Collector.State;

/// <summary>Users and groups of the host (<c>/etc/passwd</c>, <c>/etc/group</c>), by id.</summary>
public sealed class UserTable
{
    private readonly Dictionary<long, (string Name, string Home, string Shell)> _users = [];
    private readonly Dictionary<long, string> _groups = [];

    /// <summary>No users, no groups.</summary>
    public static UserTable Empty { get; } = new();

    /// <summary>Reads the tables from an <c>etc</c> directory (missing files give empty tables).</summary>
    public static UserTable Load(string etcDirectory = "/etc")
    {
        var table = new UserTable();
        foreach (var line in ReadLines(Path.Combine(etcDirectory, "passwd")))
        {
            var f = line.Split(':');
            if (f.Length >= 7 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                table._users.TryAdd(uid, (f[0], f[5], f[6]));
        }
        foreach (var line in ReadLines(Path.Combine(etcDirectory, "group")))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                table._groups.TryAdd(gid, f[0]);
        }
        return table;
    }

    private static IEnumerable<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#') : [];

    public string? UserName(long uid) => _users.TryGetValue(uid, out var u) ? u.Name : null;

    public string? HomeDirectory(long uid) => _users.TryGetValue(uid, out var u) ? u.Home : null;

    public string? Shell(long uid) => _users.TryGetValue(uid, out var u) ? u.Shell : null;

    public string? GroupName(long gid) => _groups.TryGetValue(gid, out var g) ? g : null;
}
