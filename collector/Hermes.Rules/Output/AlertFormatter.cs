using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Hermes.Rules.Engine;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Output;

/// <summary>
/// Turns a rule match into a <see cref="FalcoAlert"/> the way Falco does: the output format is prefixed with
/// <c>%evt.time: Priority </c> (or <c>%evt.time.iso8601</c>), rendered with <c>&lt;NA&gt;</c> for missing values, and
/// every field token also becomes a typed entry of <c>output_fields</c>.
/// </summary>
public sealed class AlertFormatter
{
    private readonly OutputOptions _options;
    private readonly OutputFormat? _extraOutput;
    private readonly FieldRef[] _extraFields;
    private readonly ConcurrentDictionary<CompiledRule, OutputFormat> _formats = new();

    /// <summary>Creates a formatter; an invalid <see cref="OutputOptions.ExtraOutput"/> or extra field throws here, at start-up.</summary>
    public AlertFormatter(OutputOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.ExtraOutput is { Length: > 0 } extra)
            _extraOutput = OutputFormat.TryParse(extra, out var error, out _) ?? throw new ArgumentException($"invalid extra output: {error}", nameof(options));
        _extraFields = options.ExtraFields.Select(name =>
        {
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var argument = bracket > 0 && name.EndsWith(']') ? name[(bracket + 1)..^1] : null;
            return FieldRegistry.TryResolve(bracket > 0 ? name[..bracket] : name, argument, out var field, out var error)
                ? field
                : throw new ArgumentException($"invalid extra field: {error}", nameof(options));
        }).ToArray();
    }

    /// <summary>Renders the alert for a rule that matched an event.</summary>
    public FalcoAlert Format(CompiledRule rule, IEventSource evt)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evt);
        var format = _formats.GetOrAdd(rule, BuildFormat);
        var fields = new List<KeyValuePair<string, object?>>();
        var text = new StringBuilder();
        Render(format, evt, text, fields, _options.TimeZone);
        if (_extraOutput is not null)
        {
            text.Append(' ');
            Render(_extraOutput, evt, text, fields, _options.TimeZone);
        }
        foreach (var field in _extraFields)
            AddField(fields, field.ToString(), FieldRenderer.RenderJson(evt, field));
        foreach (var (key, value) in _options.StaticFields)
            AddField(fields, key, value);
        var time = evt.TryGetNumber(FieldRef.Of(FieldId.EvtRawtime), 0, out var ns) ? ns : 0;
        return new FalcoAlert(time, rule.Name, rule.Priority, text.ToString(), fields, rule.Source, rule.Tags, _options.Hostname);
    }

    private OutputFormat BuildFormat(CompiledRule rule)
    {
        var prefix = (_options.TimeFormatIso8601 ? "%evt.time.iso8601: " : "%evt.time: ") + PriorityNames.Name(rule.Priority) + " ";
        // The rule's own format compiled when it loaded; the prefix is ours and always valid.
        return OutputFormat.TryParse(prefix + rule.OutputText, out _, out _)!;
    }

    private static void Render(OutputFormat format, IEventSource evt, StringBuilder text, List<KeyValuePair<string, object?>> fields, TimeZoneInfo zone)
    {
        foreach (var token in format.Tokens)
        {
            if (token.Field is not { } field)
            {
                text.Append(token.Name);
                continue;
            }
            var value = FieldRenderer.RenderText(evt, field, zone);
            if (token.Transformer is { } transformer && value is not null) value = Transform(transformer, value);
            var shown = value ?? FieldRenderer.NotAvailable;
            if (token.Width > 0) shown = shown.Length > token.Width ? shown[..token.Width] : shown.PadRight(token.Width);
            text.Append(shown);
            object? json = token.Transformer is null ? FieldRenderer.RenderJson(evt, field) : value;
            AddField(fields, token.Name, json);
        }
    }

    private static void AddField(List<KeyValuePair<string, object?>> fields, string key, object? value)
    {
        if (fields.Exists(f => f.Key == key)) return;
        fields.Add(new(key, value));
    }

    private static string? Transform(string transformer, string value) => transformer switch
    {
        "tolower" => value.ToLowerInvariant(),
        "toupper" => value.ToUpperInvariant(),
        "basename" => value[(value.LastIndexOf('/') + 1)..],
        "len" => value.Length.ToString(CultureInfo.InvariantCulture),
        "b64" => TryB64(value),
        _ => value,
    };

    private static string? TryB64(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var count) ? Encoding.UTF8.GetString(bytes, 0, count) : null;
    }
}
