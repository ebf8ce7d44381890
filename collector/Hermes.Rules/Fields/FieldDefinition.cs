namespace Hermes.Rules.Fields;

/// <summary>One field of the registry: its Falco name, value type, argument form and meaning.</summary>
/// <param name="Id">Stable identifier that event sources switch on.</param>
/// <param name="Name">Falco's name, e.g. <c>proc.name</c>.</param>
/// <param name="Type">How values are compared and rendered.</param>
/// <param name="Argument">Whether the field takes an index or key.</param>
/// <param name="IsList">A list-valued field (<c>fd.types</c>): <c>in</c> needs every value in the set,
/// <c>intersects</c> any.</param>
/// <param name="Description">What the value means, for <c>rules describe</c> and documentation.</param>
public sealed record FieldDefinition(
    FieldId Id, string Name, FieldType Type, FieldArgument Argument, bool IsList, string Description)
{
    /// <summary>The class a field belongs to: the part of its name before the first dot.</summary>
    public string Class => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>Whether values are integers (or booleans and times, which compare as integers).</summary>
    public bool IsNumeric => Type is FieldType.Signed or FieldType.Unsigned or FieldType.Bool or FieldType.AbsTime or FieldType.RelTime;

    /// <summary>Whether values are IP addresses.</summary>
    public bool IsAddress => Type is FieldType.Address or FieldType.Network;

    /// <summary>Whether the field yields several values even without being a list (<c>proc.aname</c> with no index).</summary>
    public bool IsMultiValuedWithoutIndex => Argument == FieldArgument.OptionalIndex && !IsList && Name.StartsWith("proc.a", StringComparison.Ordinal);
}
