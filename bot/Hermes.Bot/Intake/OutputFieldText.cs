using System.Text.Json;

namespace Hermes.Bot.Intake;

/// <summary>Falco output-field values as the text playbooks and suppressions compare: strings as they are, numbers and booleans as written, null as null.</summary>
public static class OutputFieldText
{
    public static string? Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>All fields of an <c>output_fields</c> object.</summary>
    public static Dictionary<string, string?> All(JsonElement fields)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (fields.ValueKind == JsonValueKind.Object)
            foreach (var field in fields.EnumerateObject()) all[field.Name] = Of(field.Value);
        return all;
    }
}
