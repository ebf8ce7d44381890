using System.Collections.Frozen;

namespace Hermes.Rules.Fields;

/// <summary>
/// The event types the engine indexes rules by: Falco's names for syscall exit events and the few non-syscall
/// events libsinsp produces. Codes are dense, so the index is an array lookup.
/// </summary>
public static class EventTypes
{
    private static readonly string[] Names =
    [
        // Files
        "open", "openat", "openat2", "creat", "close", "read", "write", "pread", "pwrite", "readv", "writev",
        "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
        "mkdir", "mkdirat", "rmdir", "chmod", "fchmod", "fchmodat", "chown", "fchown", "fchownat", "lchown",
        "truncate", "ftruncate", "dup", "dup2", "dup3", "fcntl", "chdir", "fchdir", "chroot", "mount", "umount",
        "umount2", "memfd_create", "pipe", "pipe2", "inotify_init", "inotify_init1", "eventfd", "eventfd2",
        "signalfd", "signalfd4", "timerfd_create", "userfaultfd", "sendfile", "splice", "mmap", "mprotect",
        "flock", "ioctl", "getdents", "getdents64", "access", "stat", "lstat", "fstat", "newfstatat",
        "open_by_handle_at", "copy_file_range", "io_uring_setup", "io_uring_enter", "io_uring_register",
        // Processes
        "execve", "execveat", "clone", "clone3", "fork", "vfork", "procexit", "kill", "tkill", "tgkill",
        "ptrace", "prctl", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
        "setfsgid", "capset", "setns", "unshare", "setsid", "setpgid", "setrlimit", "prlimit", "seccomp", "bpf",
        "init_module", "finit_module", "delete_module", "pidfd_open", "pidfd_getfd", "process_vm_readv",
        "process_vm_writev", "nanosleep", "futex", "brk", "munmap", "switch",
        // Network
        "socket", "socketpair", "connect", "accept", "accept4", "bind", "listen", "sendto", "sendmsg",
        "sendmmsg", "recvfrom", "recvmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt", "getsockname",
        "getpeername",
        // Non-syscall events libsinsp produces
        "container", "notification", "infra", "asyncevent", "drop",
    ];

    private static readonly FrozenDictionary<string, int> Codes =
        Names.Select((name, code) => (name, code)).ToFrozenDictionary(p => p.name, p => p.code, StringComparer.Ordinal);

    /// <summary>How many event types there are; codes run from 0 to <c>Count - 1</c>.</summary>
    public static int Count => Names.Length;

    /// <summary>The code of an event type name, or -1 when the name is not an event type.</summary>
    public static int CodeOf(string name) => Codes.TryGetValue(name, out var code) ? code : -1;

    /// <summary>The code of an event type name given as a span, or -1.</summary>
    public static int CodeOf(ReadOnlySpan<char> name) =>
        Codes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var code) ? code : -1;

    /// <summary>The name of a code.</summary>
    public static string NameOf(int code) => Names[code];
}
