using Hermes.Rules.Loading;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Engine;

public sealed class OfficialRulesTests
{
    private static readonly LoadResult Result = RuleLoader.LoadFiles([Corpus.OfficialRules]);

    [Fact]
    public void OfficialStableRules_LoadWithZeroErrors()
    {
        Assert.Empty(Result.Errors);
        Assert.True(Result.Succeeded);
        var file = Assert.Single(Result.Files);
        Assert.Equal(25, file.Rules);
        Assert.Equal(25, Result.RuleSet!.Rules.Count);
    }

    [Theory]
    [InlineData("Directory traversal monitored file read", "open,openat,openat2")]
    [InlineData("Read sensitive file trusted after startup", "open,openat,openat2")]
    [InlineData("Read sensitive file untrusted", "open,openat,openat2")]
    [InlineData("Run shell untrusted", "execve,execveat")]
    [InlineData("System user interactive", "execve,execveat")]
    [InlineData("Terminal shell in container", "execve,execveat")]
    [InlineData("Contact K8S API Server From Container", "connect")]
    [InlineData("Netcat Remote Code Execution in Container", "execve,execveat")]
    [InlineData("Search Private Keys or Passwords", "execve,execveat")]
    [InlineData("Clear Log Activities", "open,openat,openat2")]
    [InlineData("Remove Bulk Data from Disk", "execve,execveat")]
    [InlineData("Create Symlink Over Sensitive Files", "symlink,symlinkat")]
    [InlineData("Create Hardlink Over Sensitive Files", "link,linkat")]
    [InlineData("Packet socket created in container", "socket")]
    [InlineData("Redirect STDOUT/STDIN to Network Connection in Container", "dup,dup2,dup3")]
    [InlineData("Linux Kernel Module Injection Detected", "init_module,finit_module")]
    [InlineData("Debugfs Launched in Privileged Container", "execve,execveat")]
    [InlineData("Detect release_agent File Container Escapes", "open,openat,openat2")]
    [InlineData("PTRACE attached to process", "ptrace")]
    [InlineData("PTRACE anti-debug attempt", "ptrace")]
    [InlineData("Find AWS Credentials", "execve,execveat")]
    [InlineData("Execution from /dev/shm", "execve,execveat")]
    [InlineData("Drop and execute new binary in container", "execve,execveat")]
    [InlineData("Disallowed SSH Connection Non Standard Port", "connect,sendto,sendmsg")]
    [InlineData("Fileless execution via memfd_create", "execve,execveat")]
    public void OfficialRule_IsIndexedByItsEventTypes(string rule, string eventTypes)
    {
        var compiled = Assert.Single(Result.RuleSet!.Rules, r => r.Name == rule);
        Assert.Equal(eventTypes.Split(',').Order(), compiled.EventTypeNames.Order());
        foreach (var type in eventTypes.Split(','))
            Assert.Contains(compiled, Result.RuleSet.RulesFor(Hermes.Rules.Fields.EventTypes.CodeOf(type)));
    }

    [Fact]
    public void OfficialRules_KeepFileOrder()
    {
        var names = Result.RuleSet!.Rules.Select(r => r.Name).ToList();
        Assert.Equal("Directory traversal monitored file read", names[0]);
        Assert.Equal("Fileless execution via memfd_create", names[^1]);
    }
}
