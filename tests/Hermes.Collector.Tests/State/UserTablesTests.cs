using Hermes.Collector.State;

namespace Hermes.Collector.Tests.State;

public sealed class UserTablesTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("hermes-proc-").FullName;
    private readonly string _hostEtc = Directory.CreateTempSubdirectory("hermes-etc-").FullName;

    public UserTablesTests()
    {
        File.WriteAllText(Path.Combine(_hostEtc, "passwd"), "cloudsdk:x:1000:1000::/home/cloudsdk:/bin/bash\n");
        Directory.CreateDirectory(Path.Combine(_proc, "42", "root", "etc"));
        File.WriteAllText(Path.Combine(_proc, "42", "root", "etc", "passwd"), "payments:x:1000:1000::/srv:/bin/false\n");
        File.WriteAllText(Path.Combine(_proc, "42", "root", "etc", "group"), "payments:x:1000:\n");
    }

    public void Dispose()
    {
        Directory.Delete(_proc, recursive: true);
        Directory.Delete(_hostEtc, recursive: true);
    }

    [Fact]
    public void ContainerProcess_SeesTheContainersUsers_HostProcessTheHosts()
    {
        var tables = new UserTables(UserTable.Load(_hostEtc), _proc);
        var inContainer = new ProcessInfo { Pid = 42, ContainerId = new string('c', 64) };
        var onHost = new ProcessInfo { Pid = 7 };
        Assert.Equal("payments", tables.For(inContainer).UserName(1000));
        Assert.Equal("payments", tables.For(inContainer).GroupName(1000));
        Assert.Equal("/srv", tables.For(inContainer).HomeDirectory(1000));
        Assert.Equal("cloudsdk", tables.For(onHost).UserName(1000));
    }

    [Fact]
    public void ContainerWhoseProcessIsGone_IsAnsweredEmpty_AndReadOnceAProcessShowsIt()
    {
        var tables = new UserTables(UserTable.Load(_hostEtc), _proc);
        var id = new string('d', 64);
        Assert.Null(tables.For(new ProcessInfo { Pid = 99, ContainerId = id }).UserName(1000));
        Assert.Equal("payments", tables.For(new ProcessInfo { Pid = 42, ContainerId = id }).UserName(1000));
    }
}
