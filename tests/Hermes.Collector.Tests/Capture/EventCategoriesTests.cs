using Hermes.Collector.Capture;
using Hermes.Collector.State;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Tests.Capture;

public sealed class EventCategoriesTests
{
    private static FdInfo Fd(FdInfo.Kind kind) => new() { Number = 3, Type = kind, Name = "x" };

    [Theory]
    [InlineData("openat", "file")]
    [InlineData("connect", "net")]
    [InlineData("execve", "process")]
    [InlineData("setresuid", "user")]
    [InlineData("memfd_create", "memory")]
    [InlineData("finit_module", "other")]
    [InlineData("pipe2", "IPC")]
    public void SyscallsHaveFalcosCategory(string type, string category) =>
        Assert.Equal(category, EventCategories.Of(EventTypes.CodeOf(type), null));

    [Fact]
    public void IoEvents_AreCategorisedByTheirFd()
    {
        var close = EventTypes.CodeOf("close");
        Assert.Equal("file", EventCategories.Of(close, Fd(FdInfo.Kind.File)));
        Assert.Equal("net", EventCategories.Of(EventTypes.CodeOf("sendto"), Fd(FdInfo.Kind.Ipv6)));
        Assert.Equal("ipc", EventCategories.Of(close, Fd(FdInfo.Kind.Pipe)));
        Assert.Equal("unknown", EventCategories.Of(close, Fd(FdInfo.Kind.Memfd)));
        Assert.Equal("unknown", EventCategories.Of(close, null));
        Assert.True(EventCategories.IsWrite(EventTypes.CodeOf("sendmsg")));
        Assert.False(EventCategories.IsWrite(close));
    }

    [Theory]
    [InlineData(15, "PR_SET_NAME")]
    [InlineData(36, "PR_SET_CHILD_SUBREAPER")]
    [InlineData(47, "PR_CAP_AMBIENT")]
    [InlineData(1, "1")] // PR_SET_PDEATHSIG has no name in Falco's table
    public void PrctlOptions_RenderAsFalcoDoes(long option, string rendered) => Assert.Equal(rendered, PrctlOptions.Render(option));

    [Theory]
    [InlineData("/etc/passwd", "file", "/etc/passwd")]
    [InlineData("pipe:[4242]", "pipe", "")]
    [InlineData("/memfd:payload (deleted)", "memfd", "memfd:payload")]
    [InlineData("anon_inode:[eventpoll]", "eventpoll", "anon_inode:[eventpoll]")]
    [InlineData("anon_inode:inotify", "inotify", "anon_inode:inotify")]
    [InlineData("anon_inode:bpf-map", "bpf", "anon_inode:bpf-map")]
    public void ProcFdLinks_DescribeTheirFd(string target, string type, string name)
    {
        var fd = ProcReader.FdFromLink(4, target);
        Assert.NotNull(fd);
        Assert.Equal(type, fd.TypeName);
        Assert.Equal(name, fd.Name);
    }

    [Fact]
    public void ProcFdLinks_OfSockets_AreLeftForTheirEvents() => Assert.Null(ProcReader.FdFromLink(5, "socket:[777]"));
}
