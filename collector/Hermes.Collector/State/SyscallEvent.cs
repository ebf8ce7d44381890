using Hermes.Rules.Fields;

namespace Hermes.Collector.State;

/// <summary>
/// One syscall exit event after decoding: its type, time, thread, return value and the arguments the rules read,
/// already rendered the way Falco renders them (flag names, errno names). The decoder reuses one instance.
/// </summary>
public sealed class SyscallEvent
{
    /// <summary>Arguments by Falco name (<c>flags</c>, <c>target</c>, <c>request</c>, …), rendered.</summary>
    public List<(string Name, string Value)> Args { get; } = [];

    /// <summary>Raw arguments by Falco name (<c>res</c>, <c>fd</c>, …).</summary>
    public List<(string Name, string Value)> RawArgs { get; } = [];

    /// <summary>Code in <see cref="EventTypes"/>.</summary>
    public int Type { get; set; }

    /// <summary>The event number; starts at 1 like libsinsp, so the rules' <c>never_true</c> (<c>evt.num=0</c>) never holds.</summary>
    public long Number { get; set; } = 1;

    public long TimestampNs { get; set; }

    public int Tid { get; set; }

    public int Pid { get; set; }

    public int Cpu { get; set; }

    /// <summary>The return value (negative errno on failure).</summary>
    public long Result { get; set; }

    /// <summary>The fd the event is about (opened, connected, duplicated…), or -1.</summary>
    public int Fd { get; set; } = -1;

    /// <summary>The path as the syscall received it, before normalisation (<c>fd.nameraw</c>).</summary>
    public string? RawPath { get; set; }

    /// <summary>The path a failed open tried (there is no fd for it, but <c>fd.name</c> still names it).</summary>
    public string? FailedPath { get; set; }

    /// <summary>Open flags, for <c>evt.is_open_*</c>.</summary>
    public long OpenFlags { get; set; }

    /// <summary>The mode a file is created with (open's third argument), for <c>evt.is_open_exec</c>.</summary>
    public long OpenMode { get; set; }

    /// <summary>Resets for reuse.</summary>
    public void Clear()
    {
        Args.Clear();
        RawArgs.Clear();
        Fd = -1;
        RawPath = null;
        FailedPath = null;
        OpenFlags = 0;
        OpenMode = 0;
        Result = 0;
    }

    public string? Arg(string name)
    {
        foreach (var (key, value) in Args)
            if (key == name) return value;
        return null;
    }

    public string? RawArg(string name)
    {
        foreach (var (key, value) in RawArgs)
            if (key == name) return value;
        return null;
    }
}
