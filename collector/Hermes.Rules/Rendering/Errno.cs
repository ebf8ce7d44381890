namespace Hermes.Rules.Rendering;

/// <summary>Linux errno names, as Falco renders a failed syscall's <c>evt.res</c> (<c>ENOENT</c>, <c>EACCES</c>, …).</summary>
public static class Errno
{
    private static readonly string[] Names =
    [
        "SUCCESS", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
        "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL",
        "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE",
        "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "EWOULDBLOCK", "ENOMSG", "EIDRM",
    ];

    private static readonly Dictionary<int, string> Network = new()
    {
        [88] = "ENOTSOCK", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL",
        [100] = "ENETDOWN", [101] = "ENETUNREACH", [104] = "ECONNRESET", [106] = "EISCONN", [107] = "ENOTCONN",
        [110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH", [114] = "EALREADY", [115] = "EINPROGRESS",
    };

    /// <summary><c>SUCCESS</c> for a non-negative result, the errno name for a negative one.</summary>
    public static string Render(long result)
    {
        if (result >= 0) return "SUCCESS";
        var errno = (int)Math.Min(-result, int.MaxValue);
        if (errno < Names.Length) return Names[errno];
        return Network.TryGetValue(errno, out var name) ? name : "E" + errno.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
