using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Hermes.Rules.Engine;

namespace Hermes.Bot.Intake;

/// <summary>
/// Reads alert bodies: one Falco JSON alert, a JSON array of them, or JSON lines. Validation follows Falcosidekick:
/// <c>rule</c>, <c>priority</c>, <c>time</c> and <c>output_fields</c> are required, priorities are Falco's names in any
/// case. Every problem names the alert (its index) and the field; a body with any problem is rejected whole.
/// </summary>
public static class AlertParser
{
    /// <summary>The key the collector puts in <c>output_fields</c>.</summary>
    public const string IdempotencyField = "hermes.idempotency_key";

    /// <summary>Parses and validates a body; on failure returns null and the problems.</summary>
    public static IReadOnlyList<IncomingAlert>? Parse(string body, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<string>();
        var alerts = new List<IncomingAlert>();
        // The body is parsed once: one value (an alert, possibly pretty-printed, or an array of them), or else JSON lines.
        using var whole = TryParse(body, out var wholeError);
        var items = new List<(int Index, string Json, JsonElement? Parsed)>();
        if (whole?.RootElement.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in whole.RootElement.EnumerateArray()) items.Add((index++, element.GetRawText(), element));
        }
        else if (whole is not null) items.Add((0, body, whole.RootElement));
        else if (body.TrimStart().StartsWith('['))
        {
            problems = [$"body: not valid JSON ({wholeError})"];
            return null;
        }
        else
        {
            var index = 0;
            foreach (var line in body.Split('\n'))
                if (line.Trim().Length > 0) items.Add((index++, line.Trim(), null));
        }
        if (items.Count == 0) errors.Add("body: no alert");
        foreach (var (index, json, parsed) in items)
        {
            var where = items.Count == 1 ? "" : $"alert[{index}].";
            if (parsed is { } element)
            {
                if (Validate(element, where, json, errors) is { } alert) alerts.Add(alert);
                continue;
            }
            using var line = TryParse(json, out var lineError);
            if (line is null) errors.Add($"{(where.Length == 0 ? "body" : where.TrimEnd('.'))}: not valid JSON ({lineError})");
            else if (Validate(line.RootElement, where, json, errors) is { } alert) alerts.Add(alert);
        }
        problems = errors;
        return errors.Count == 0 ? alerts : null;
    }

    private static JsonDocument? TryParse(string json, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static IncomingAlert? Validate(JsonElement root, string where, string json, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}alert: must be a JSON object");
            return null;
        }
        var before = errors.Count;
        var rule = RequiredString(root, "rule", where, errors);
        var priority = RequiredString(root, "priority", where, errors);
        if (priority is not null && !PriorityNames.TryParse(priority, out _))
            errors.Add($"{where}priority: '{priority}' is not a Falco priority (Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug)");
        var timeText = RequiredString(root, "time", where, errors);
        var time = DateTimeOffset.MinValue;
        if (timeText is not null && !TryParseTime(timeText, out time))
            errors.Add($"{where}time: '{timeText}' is not an ISO 8601 time");
        if (!root.TryGetProperty("output_fields", out var fields)) errors.Add($"{where}output_fields: required");
        else if (fields.ValueKind != JsonValueKind.Object) errors.Add($"{where}output_fields: must be an object");
        var output = OptionalString(root, "output", where, errors) ?? string.Empty;
        var source = OptionalString(root, "source", where, errors) ?? "syscall";
        var hostname = OptionalString(root, "hostname", where, errors) ?? string.Empty;
        var tags = new List<string>();
        if (root.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind != JsonValueKind.Null)
        {
            if (tagArray.ValueKind != JsonValueKind.Array || tagArray.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                errors.Add($"{where}tags: must be an array of strings");
            else tags.AddRange(tagArray.EnumerateArray().Select(t => t.GetString()!));
        }
        if (errors.Count > before) return null;
        var key = fields.TryGetProperty(IdempotencyField, out var k) && k.ValueKind == JsonValueKind.String && k.GetString()!.Length > 0
            ? k.GetString()!
            : Hash(rule!, timeText!, hostname, fields);
        PriorityNames.TryParse(priority, out var parsed);
        return new IncomingAlert(key, rule!, PriorityNames.Name(parsed), time, source, hostname, output, tags, json, fields.Clone());
    }

    // Stock Falco and Falcosidekick send no key: the same alert (rule, time, host, fields) hashes the same.
    private static string Hash(string rule, string time, string hostname, JsonElement fields)
    {
        var text = new StringBuilder().Append(rule).Append('\n').Append(time).Append('\n').Append(hostname).Append('\n');
        foreach (var field in fields.EnumerateObject().OrderBy(f => f.Name, StringComparer.Ordinal))
            text.Append(field.Name).Append('=').Append(field.Value.GetRawText()).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        // Falco writes nanoseconds; .NET parses at most 7 fractional digits.
        var trimmed = System.Text.RegularExpressions.Regex.Replace(text, @"(\.\d{7})\d+", "$1");
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static string? RequiredString(JsonElement root, string name, string where, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value)) errors.Add($"{where}{name}: required");
        else if (value.ValueKind != JsonValueKind.String) errors.Add($"{where}{name}: must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
        else if (value.GetString()!.Length == 0) errors.Add($"{where}{name}: must not be empty");
        else return value.GetString();
        return null;
    }

    private static string? OptionalString(JsonElement root, string name, string where, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add($"{where}{name}: must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
        return null;
    }
}
