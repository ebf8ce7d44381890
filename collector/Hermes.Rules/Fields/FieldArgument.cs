namespace Hermes.Rules.Fields;

/// <summary>Whether and how a field takes an argument: <c>proc.aname[2]</c>, <c>evt.arg.flags</c>, <c>k8s.pod.label[app]</c>.</summary>
public enum FieldArgument
{
    /// <summary>No argument allowed.</summary>
    None,
    /// <summary>An optional non-negative index in brackets (<c>proc.aname[2]</c>; without it, any ancestor).</summary>
    OptionalIndex,
    /// <summary>A required key, in brackets or after a dot (<c>evt.arg.flags</c>, <c>evt.arg[0]</c>).</summary>
    RequiredKey,
    /// <summary>An optional key in brackets (<c>container.mount.dest[/proc*]</c>).</summary>
    OptionalKey,
}
