using System.Net;
using Hermes.Collector.State;
using Hermes.Rules.Fields;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Tests.State;

public sealed class DomainNamesTests
{
    private const string Rules = """
        - list: api_servers
          items: [api.internal, "kubernetes.default.svc.cluster.local"]
        - macro: to_api
          condition: fd.sip.name in (api_servers)
        - rule: API contacted
          desc: d
          condition: evt.type = connect and (to_api or fd.rip.name = "db.internal") and not fd.cip.name = ignored.internal
          output: o
          priority: INFO
        - rule: Unrelated
          desc: d
          condition: evt.type = open and fd.name = "/etc/hosts"
          output: o
          priority: INFO
        """;

    private static readonly Dictionary<string, IPAddress[]> Zone = new()
    {
        ["api.internal"] = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1")],
        ["kubernetes.default.svc.cluster.local"] = [IPAddress.Parse("10.96.0.1")],
        ["db.internal"] = [IPAddress.Parse("::ffff:10.0.0.9")],
    };

    private static Task<IPAddress[]> Resolve(string name, CancellationToken cancellation) =>
        Zone.TryGetValue(name, out var addresses) ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException(11001));

    private static IpAddressValue Ip(string text) => IpAddressValue.TryParse(text, out var value) ? value : throw new FormatException(text);

    [Fact]
    public async Task NamesTheRulesCompareWith_AreResolved_ThroughListsMacrosAndNegations()
    {
        using var names = new DomainNames(TimeSpan.FromHours(1), Resolve);
        await names.WatchAsync(RuleLoader.LoadText("r.yaml", Rules).RuleSet!);

        Assert.Equal(["api.internal", "db.internal", "ignored.internal", "kubernetes.default.svc.cluster.local"], names.Names.Order(StringComparer.Ordinal));
        Assert.Equal("api.internal", names.NameOf(Ip("10.0.0.1")));
        Assert.Equal("api.internal", names.NameOf(Ip("fd00::1")));
        Assert.Equal("kubernetes.default.svc.cluster.local", names.NameOf(Ip("10.96.0.1")));
        Assert.Equal("db.internal", names.NameOf(Ip("10.0.0.9"))); // an IPv4-mapped answer names the IPv4 address
        Assert.Null(names.NameOf(Ip("10.0.0.2")));
    }

    [Fact]
    public async Task RulesWithoutNameFields_ResolveNothing()
    {
        var asked = 0;
        using var names = new DomainNames(TimeSpan.FromHours(1), (name, _) => { asked++; return Task.FromResult(Array.Empty<IPAddress>()); });
        await names.WatchAsync(RuleLoader.LoadText("r.yaml", "- rule: R\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n").RuleSet!);
        Assert.Empty(names.Names);
        Assert.Equal(0, asked);
    }
}
