namespace Hermes.Collector.Probe;

/// <summary>The kernel probe cannot run here; the message says which privilege or kernel feature is missing.</summary>
public sealed class ProbeUnavailableException : Exception
{
    public ProbeUnavailableException() { }

    public ProbeUnavailableException(string message) : base(message) { }

    public ProbeUnavailableException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Why it failed, in terms an operator can act on.</summary>
    public static ProbeUnavailableException From(string step, int errno) => From(step, errno, Environment.IsPrivilegedProcess);

    internal static ProbeUnavailableException From(string step, int errno, bool root)
    {
        var reason = errno switch
        {
            // As root, "permission denied" is the verifier rejecting the program or a security policy, not a missing capability.
            1 or 13 when root => "the kernel refused it although this process runs as root: the BPF verifier rejected the probe " +
                                 "(libbpf's log above says where) or a security policy (kernel lockdown, SELinux, AppArmor, seccomp) forbids BPF tracing",
            1 or 13 => "permission denied: run as root, or give the hermes-collector executable CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and " +
                       "CAP_DAC_READ_SEARCH (setcap cap_bpf,cap_perfmon,cap_sys_ptrace,cap_dac_read_search+ep hermes-collector); " +
                       "in Kubernetes, add them to the DaemonSet's securityContext",
            2 => "a kernel feature is missing: the probe needs BTF (/sys/kernel/btf/vmlinux) and BPF tracing (tp_btf), kernel 5.8 or later",
            22 => "the kernel rejected the probe (invalid argument): it needs kernel 5.8+ with CONFIG_DEBUG_INFO_BTF; libbpf's log above says which instruction",
            _ => $"errno {errno} ({new System.ComponentModel.Win32Exception(errno).Message})",
        };
        return new ProbeUnavailableException($"cannot {step}: {reason}");
    }
}
