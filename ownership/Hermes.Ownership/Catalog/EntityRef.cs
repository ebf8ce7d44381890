namespace Hermes.Ownership.Catalog;

/// <summary>
/// A Backstage entity reference, <c>[kind:][namespace/]name</c>, compared case-insensitively like Backstage. The
/// kind defaults by context (an owner is a Group unless it says <c>user:</c>).
/// </summary>
public readonly record struct EntityRef(string Kind, string Namespace, string Name)
{
    public static EntityRef Parse(string text, string defaultKind, string defaultNamespace = "default")
    {
        ArgumentNullException.ThrowIfNull(text);
        var kind = defaultKind;
        var rest = text.Trim();
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            kind = rest[..colon];
            rest = rest[(colon + 1)..];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            ? new EntityRef(kind.ToLowerInvariant(), rest[..slash].ToLowerInvariant(), rest[(slash + 1)..].ToLowerInvariant())
            : new EntityRef(kind.ToLowerInvariant(), defaultNamespace.ToLowerInvariant(), rest.ToLowerInvariant());
    }

    public override string ToString() => Namespace == "default" ? $"{Kind}:{Name}" : $"{Kind}:{Namespace}/{Name}";
}
