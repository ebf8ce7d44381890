namespace Hermes.Collector.State;

/// <summary>What a successful execve tells about the program a process now runs.</summary>
public sealed record ExecutedProgram(string Name, string Exe, string ExePath, IReadOnlyList<string> Args, string? Cwd)
{
    /// <summary>The executable lives in an overlayfs upper layer: written into the container, not shipped in its image.</summary>
    public bool UpperLayer { get; init; }

    /// <summary>The executable is a memfd (fileless execution).</summary>
    public bool FromMemfd { get; init; }

    /// <summary>The user running it may write the executable.</summary>
    public bool Writable { get; init; }

    public ulong Inode { get; init; }

    /// <summary>Inode change time, ns since the epoch.</summary>
    public long ChangeTimeNs { get; init; }

    /// <summary>Modification time, ns since the epoch.</summary>
    public long ModifyTimeNs { get; init; }
}
