using System.Text;

namespace Hermes.Rules.Rendering;

/// <summary>open(2) flags rendered the way Falco's <c>evt.arg.flags</c> shows them (<c>O_WRONLY|O_CREAT|O_TRUNC</c>).</summary>
public static class OpenFlags
{
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Truncate = 0x200;

    private static readonly (int Bit, string Name)[] Bits =
    [
        (0x40, "O_CREAT"), (0x80, "O_EXCL"), (0x100, "O_NOCTTY"), (0x200, "O_TRUNC"), (0x400, "O_APPEND"), (0x800, "O_NONBLOCK"),
        (0x1000, "O_DSYNC"), (0x2000, "O_ASYNC"), (0x4000, "O_DIRECT"), (0x8000, "O_LARGEFILE"), (0x10000, "O_DIRECTORY"),
        (0x20000, "O_NOFOLLOW"), (0x40000, "O_NOATIME"), (0x80000, "O_CLOEXEC"), (0x101000, "O_SYNC"), (0x200000, "O_PATH"),
        (0x410000, "O_TMPFILE"),
    ];

    // Programs use a handful of flag combinations: render each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> Rendered = new();

    /// <summary>The access mode first, then every set flag.</summary>
    public static string Render(long flags) => Rendered.Count < 4096 ? Rendered.GetOrAdd(flags, RenderNew) : RenderNew(flags);

    private static string RenderNew(long flags)
    {
        var text = new StringBuilder((flags & 3) switch { 1 => "O_WRONLY", 2 => "O_RDWR", _ => "O_RDONLY" });
        foreach (var (bit, name) in Bits)
            if ((flags & bit) == bit) text.Append('|').Append(name);
        return text.ToString();
    }

    /// <summary>Opened for reading (<c>evt.is_open_read</c>).</summary>
    public static bool IsRead(long flags) => (flags & 3) is 0 or 2;

    /// <summary>Opened for writing (<c>evt.is_open_write</c>).</summary>
    public static bool IsWrite(long flags) => (flags & 3) is 1 or 2;
}
