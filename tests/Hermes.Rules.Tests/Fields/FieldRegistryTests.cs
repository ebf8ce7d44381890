using Hermes.Rules.Fields;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Fields;

public sealed class FieldRegistryTests
{
    [Fact]
    public void EveryFieldId_HasItsCatalogEntry()
    {
        var ids = Enum.GetValues<FieldId>();
        Assert.Equal(ids.Length, FieldRegistry.All.Count);
        foreach (var id in ids) Assert.Equal(id, FieldRegistry.Get(id).Id);
        Assert.Equal(FieldRegistry.All.Count, FieldRegistry.All.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void EveryFieldOfTheOfficialRules_IsRegistered()
    {
        var text = File.ReadAllText(Corpus.OfficialRules);
        var used = System.Text.RegularExpressions.Regex.Matches(text, @"(?<![\w.])(proc|thread|fd|evt|user|group|container|k8s)\.[a-z0-9_.]+[a-z0-9_]")
            .Select(m => m.Value)
            .Where(v => !v.EndsWith(".io", StringComparison.Ordinal) && !v.EndsWith(".log", StringComparison.Ordinal)) // k8s.io, user.log: text, not fields
            .Distinct().ToList();
        var classes = new HashSet<string>();
        foreach (var name in used)
        {
            Assert.True(FieldRegistry.TryResolve(name, null, out var field, out var error) || name.StartsWith("evt.type.", StringComparison.Ordinal), $"{name}: {error}");
            classes.Add(field.Definition?.Class ?? "evt");
        }
        Assert.True(used.Count >= 58, $"only {used.Count} distinct fields found");
        Assert.Equal(["container", "evt", "fd", "group", "k8s", "proc", "thread", "user"], classes.Order());
    }

    [Theory]
    [InlineData("proc.aname", "2", FieldId.ProcAname, 2, null)]
    [InlineData("evt.arg.flags", null, FieldId.EvtArg, -1, "flags")]
    [InlineData("evt.arg", "flags", FieldId.EvtArg, -1, "flags")]
    [InlineData("evt.rawarg.res", null, FieldId.EvtRawarg, -1, "res")]
    [InlineData("container.mount.dest", "/proc*", FieldId.ContainerMountDest, -1, "/proc*")]
    [InlineData("k8s.pod.label.app", null, FieldId.K8sPodLabel, -1, "app")]
    [InlineData("fd.types", "0", FieldId.FdTypes, 0, null)]
    public void Arguments_AreResolved(string name, string? argument, FieldId id, int index, string? key)
    {
        Assert.True(FieldRegistry.TryResolve(name, argument, out var field, out var error), error);
        Assert.Equal(new FieldRef(id, index, key), field);
    }

    [Theory]
    [InlineData("proc.nosuch", null, "nonexistent field proc.nosuch")]
    [InlineData("proc.name", "1", "does not take an argument")]
    [InlineData("proc.aname", "x", "numeric index")]
    [InlineData("evt.arg", null, "requires an argument")]
    public void BadFields_AreRejectedWithAReason(string name, string? argument, string reason)
    {
        Assert.False(FieldRegistry.TryResolve(name, argument, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "10.0.0.1", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    public void Networks_ContainAddresses(string network, string address, bool contained)
    {
        Assert.True(IpNetwork.TryParse(network, out var net));
        Assert.True(IpAddressValue.TryParse(address, out var ip));
        Assert.Equal(contained, net.Contains(ip));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("banana")]
    public void BadNetworks_AreRejected(string text) => Assert.False(IpNetwork.TryParse(text, out _));
}
