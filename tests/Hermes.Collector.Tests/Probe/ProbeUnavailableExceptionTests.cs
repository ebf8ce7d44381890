using Hermes.Collector.Probe;

namespace Hermes.Collector.Tests.Probe;

public sealed class ProbeUnavailableExceptionTests
{
    [Fact]
    public void PermissionDenied_WithoutRoot_NamesTheCapabilities()
    {
        var message = ProbeUnavailableException.From("load the probe into the kernel", 1, root: false).Message;
        Assert.StartsWith("cannot load the probe into the kernel: permission denied", message, StringComparison.Ordinal);
        Assert.Contains("CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PermissionDenied_AsRoot_PointsAtTheVerifierOrPolicy_NotAtCapabilities()
    {
        var message = ProbeUnavailableException.From("load the probe into the kernel", 13, root: true).Message;
        Assert.Contains("verifier", message, StringComparison.Ordinal);
        Assert.DoesNotContain("CAP_BPF", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFeature_SaysWhichOne()
    {
        Assert.Contains("BTF", ProbeUnavailableException.From("attach hermes_sys_exit", 2, root: true).Message, StringComparison.Ordinal);
    }
}
