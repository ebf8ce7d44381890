namespace Hermes.Collector.Probe;

/// <summary>x86-64 syscall numbers of the syscalls Hermes captures, with Falco's event type names.</summary>
public static class Syscalls
{
    /// <summary>The probe's event number for a process exit (not a syscall).</summary>
    public const int ProcessExit = 1000;

    private static readonly (int Number, string Name)[] Table =
    [
        (2, "open"), (3, "close"), (22, "pipe"), (32, "dup"), (33, "dup2"), (41, "socket"), (42, "connect"), (43, "accept"), (44, "sendto"),
        (46, "sendmsg"), (49, "bind"), (50, "listen"), (56, "clone"), (57, "fork"), (58, "vfork"), (59, "execve"),
        (72, "fcntl"), (80, "chdir"), (81, "fchdir"), (82, "rename"), (83, "mkdir"), (84, "rmdir"), (85, "creat"),
        (86, "link"), (87, "unlink"), (88, "symlink"), (90, "chmod"), (91, "fchmod"), (101, "ptrace"), (105, "setuid"),
        (106, "setgid"), (113, "setreuid"), (114, "setregid"), (117, "setresuid"), (119, "setresgid"), (157, "prctl"),
        (175, "init_module"), (257, "openat"), (258, "mkdirat"), (263, "unlinkat"), (264, "renameat"), (265, "linkat"),
        (266, "symlinkat"), (268, "fchmodat"), (288, "accept4"), (292, "dup3"), (293, "pipe2"), (313, "finit_module"), (316, "renameat2"),
        (319, "memfd_create"), (322, "execveat"), (435, "clone3"), (437, "openat2"),
    ];

    // Per-event lookups by number: arrays, not dictionaries.
    private static readonly string?[] NameByNumber = BuildNames();
    private static readonly int[] TypeByNumber = NameByNumber.Select(n => n is null ? -1 : Hermes.Rules.Fields.EventTypes.CodeOf(n)).ToArray();

    private static string?[] BuildNames()
    {
        var names = new string?[ProcessExit + 1];
        foreach (var (number, name) in Table) names[number] = name;
        names[ProcessExit] = "procexit";
        return names;
    }

    /// <summary>The event type code (<see cref="Hermes.Rules.Fields.EventTypes"/>) of a syscall number, or -1.</summary>
    public static int EventTypeOf(int number) => (uint)number < (uint)TypeByNumber.Length ? TypeByNumber[number] : -1;

    /// <summary>Every syscall the probe can capture.</summary>
    public static IEnumerable<int> All => Table.Select(t => t.Number);

    /// <summary>Falco's event type name of a syscall number (or of <see cref="ProcessExit"/>), null when unknown.</summary>
    public static string? NameOf(int number) => (uint)number < (uint)NameByNumber.Length ? NameByNumber[number] : null;

    /// <summary>The number of a syscall name, or -1.</summary>
    public static int NumberOf(string name) => Table.FirstOrDefault(t => t.Name == name) is var (number, found) && found is not null ? number : -1;
}
