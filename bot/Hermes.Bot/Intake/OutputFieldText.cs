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

    /// <summary>
    /// The fields of an <c>output_fields</c> object as a read-only map that looks each one up when asked: playbook
    /// matching reads a handful of fields per alert, so copying all of them per alert is wasted work on the hot path.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Lazy(JsonElement fields) => new LazyMap(fields);

    /// <summary>All fields of an <c>output_fields</c> object.</summary>
    public static Dictionary<string, string?> All(JsonElement fields)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (fields.ValueKind == JsonValueKind.Object)
            foreach (var field in fields.EnumerateObject()) all[field.Name] = Of(field.Value);
        return all;
    }

    private sealed class LazyMap(JsonElement fields) : IReadOnlyDictionary<string, string?>
    {
        private bool IsObject => fields.ValueKind == JsonValueKind.Object;

        public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => IsObject ? fields.EnumerateObject().Select(f => f.Name) : [];

        public IEnumerable<string?> Values => IsObject ? fields.EnumerateObject().Select(f => Of(f.Value)) : [];

        public int Count => IsObject ? fields.EnumerateObject().Count() : 0;

        public bool ContainsKey(string key) => IsObject && fields.TryGetProperty(key, out _);

        public bool TryGetValue(string key, out string? value)
        {
            value = null;
            if (!IsObject || !fields.TryGetProperty(key, out var element)) return false;
            value = Of(element);
            return true;
        }

        public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
            (IsObject ? fields.EnumerateObject().Select(f => KeyValuePair.Create(f.Name, Of(f.Value))) : []).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
