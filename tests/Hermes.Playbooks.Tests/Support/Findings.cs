using Hermes.Playbooks.Model;
using Hermes.Rules.Engine;

namespace Hermes.Playbooks.Tests.Support;

internal static class Findings
{
    public static Finding Of(string rule, Priority priority, string? ns = "shop", string source = "syscall",
        IReadOnlyList<string>? tags = null, params (string Field, string? Value)[] fields)
    {
        var map = fields.ToDictionary(f => f.Field, f => f.Value);
        if (ns is not null) map.TryAdd("k8s.ns.name", ns);
        return new Finding(rule, priority, tags ?? [], source, map);
    }
}
