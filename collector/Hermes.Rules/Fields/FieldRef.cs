namespace Hermes.Rules.Fields;

/// <summary>
/// A field as a condition or output names it, resolved against the registry: the field's id plus its argument.
/// <see cref="Index"/> is -1 without an index argument; <see cref="Key"/> is null without a key argument.
/// </summary>
public readonly record struct FieldRef(FieldId Id, int Index, string? Key)
{
    /// <summary>The field without an argument.</summary>
    public static FieldRef Of(FieldId id) => new(id, -1, null);

    /// <summary>The definition this reference points at.</summary>
    public FieldDefinition Definition => FieldRegistry.Get(Id);

    /// <summary>The name as written in Falco syntax, e.g. <c>proc.aname[2]</c> or <c>evt.arg.flags</c>.</summary>
    public override string ToString()
    {
        var name = Definition.Name;
        if (Index >= 0) return $"{name}[{Index}]";
        if (Key is not null) return $"{name}[{Key}]";
        return name;
    }
}
