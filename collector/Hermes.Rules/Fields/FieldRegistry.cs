using System.Collections.Frozen;
using System.Globalization;

namespace Hermes.Rules.Fields;

/// <summary>
/// Every field the engine knows, by Falco name. Resolves a name as written in a condition or output
/// (<c>proc.aname[2]</c>, <c>evt.arg.flags</c>, <c>k8s.pod.label[app]</c>) into a <see cref="FieldRef"/>.
/// </summary>
public static partial class FieldRegistry
{
    private static readonly FrozenDictionary<string, FieldDefinition> ByName =
        Catalog.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>All registered fields, in catalog order.</summary>
    public static IReadOnlyList<FieldDefinition> All => Catalog;

    /// <summary>The definition of a field id.</summary>
    public static FieldDefinition Get(FieldId id) => Catalog[(int)id];

    /// <summary>
    /// The field an event source is asked for: the <c>evt.time</c> family are renderings of one timestamp, so
    /// sources only provide <c>evt.rawtime</c>.
    /// </summary>
    public static FieldRef Canonical(in FieldRef field) => field.Id switch
    {
        FieldId.EvtTime or FieldId.EvtTimeS or FieldId.EvtTimeIso8601 or FieldId.EvtDatetime or FieldId.EvtDatetimeS
            => FieldRef.Of(FieldId.EvtRawtime),
        _ => field,
    };

    /// <summary>Whether a bare name (no argument) is a registered field.</summary>
    public static bool IsField(string name) => ByName.ContainsKey(name);

    /// <summary>
    /// Resolves a field name and its optional bracketed argument. A key may also follow the field's name after a
    /// dot (<c>evt.arg.flags</c>), the way libsinsp accepts it. Returns an error message when the name is unknown or
    /// the argument does not fit the field.
    /// </summary>
    public static bool TryResolve(string name, string? bracketArgument, out FieldRef field, out string? error)
    {
        field = default;
        error = null;
        string? dottedKey = null;
        if (!ByName.TryGetValue(name, out var definition))
        {
            // Longest registered prefix that takes a key: "evt.arg.flags" is evt.arg with key "flags".
            for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            {
                if (ByName.TryGetValue(name[..dot], out var candidate) &&
                    candidate.Argument is FieldArgument.RequiredKey or FieldArgument.OptionalKey)
                {
                    definition = candidate;
                    dottedKey = name[(dot + 1)..];
                    break;
                }
            }
            if (definition is null)
            {
                error = $"filter_check called with nonexistent field {name}";
                return false;
            }
        }

        if (dottedKey is not null && bracketArgument is not null)
        {
            error = $"field '{name}' has an argument both after a dot and in brackets";
            return false;
        }
        var argument = dottedKey ?? bracketArgument;
        switch (definition.Argument)
        {
            case FieldArgument.None when argument is not null:
                error = $"field '{definition.Name}' does not take an argument";
                return false;
            case FieldArgument.RequiredKey when string.IsNullOrEmpty(argument):
                error = $"field '{definition.Name}' requires an argument, e.g. {definition.Name}[name]";
                return false;
            case FieldArgument.OptionalIndex when argument is not null:
                if (argument.Length == 0 && definition.IsList)
                {
                    // fd.types[] is the whole list, the same as fd.types.
                    field = FieldRef.Of(definition.Id);
                    return true;
                }
                if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"field '{definition.Name}' takes a numeric index, not '{argument}'";
                    return false;
                }
                field = new FieldRef(definition.Id, index, null);
                return true;
            default:
                field = new FieldRef(definition.Id, -1, argument);
                return true;
        }
    }
}
