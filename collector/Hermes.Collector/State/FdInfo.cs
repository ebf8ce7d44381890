using Hermes.Rules.Fields;

namespace Hermes.Collector.State;

/// <summary>What a file descriptor refers to, as the rules see it (<c>fd.*</c>).</summary>
public sealed class FdInfo
{
    /// <summary>Falco's fd types and their one-character codes (<c>fd.type</c>, <c>fd.typechar</c>).</summary>
    public enum Kind { File, Directory, Ipv4, Ipv6, Unix, Pipe, Event, SignalFd, EventPoll, Inotify, TimerFd, Memfd, Netlink, Bpf, Other }

    public required int Number { get; init; }

    public required Kind Type { get; init; }

    /// <summary>A path, or for sockets the tuple text <c>client:port-&gt;server:port</c>.</summary>
    public required string Name { get; init; }

    public IpAddressValue? ClientIp { get; init; }

    public IpAddressValue? ServerIp { get; init; }

    public long ClientPort { get; init; }

    public long ServerPort { get; init; }

    /// <summary><c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>raw</c>, or null for non-sockets.</summary>
    public string? L4Protocol { get; init; }

    /// <summary>Whether this process is the server side (accepted the connection).</summary>
    public bool IsServer { get; init; }

    public bool Connected { get; init; }

    /// <summary>The file's device and inode (<c>fd.dev</c>, <c>fd.ino</c>), read when a rule first asks.</summary>
    public (long Device, ulong Inode)? Identity { get; set; }

    public string TypeName => Type switch
    {
        Kind.File => "file", Kind.Directory => "directory", Kind.Ipv4 => "ipv4", Kind.Ipv6 => "ipv6", Kind.Unix => "unix",
        Kind.Pipe => "pipe", Kind.Event => "event", Kind.SignalFd => "signalfd", Kind.EventPoll => "eventpoll",
        Kind.Inotify => "inotify", Kind.TimerFd => "timerfd", Kind.Memfd => "memfd", Kind.Netlink => "netlink", Kind.Bpf => "bpf", _ => "<NA>",
    };

    public string TypeChar => Type switch
    {
        Kind.File => "f", Kind.Directory => "d", Kind.Ipv4 => "4", Kind.Ipv6 => "6", Kind.Unix => "u", Kind.Pipe => "p",
        Kind.Event => "e", Kind.SignalFd => "s", Kind.EventPoll => "l", Kind.Inotify => "i", Kind.TimerFd => "t", Kind.Memfd => "m",
        Kind.Netlink => "n", Kind.Bpf => "b", _ => "o",
    };

    public bool IsSocket => Type is Kind.Ipv4 or Kind.Ipv6;

    /// <summary>The directory of a file path (<c>fd.directory</c>): everything before the last slash.</summary>
    public string? Directory => Type is Kind.File or Kind.Directory or Kind.Memfd && Name.LastIndexOf('/') is var slash and >= 0
        ? (slash == 0 ? "/" : Name[..slash]) : null;

    /// <summary>The file name of a path (<c>fd.filename</c>).</summary>
    public string? FileName => Type is Kind.File or Kind.Directory && Name.LastIndexOf('/') is var slash and >= 0 ? Name[(slash + 1)..] : null;
}
