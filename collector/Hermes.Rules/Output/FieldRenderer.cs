using System.Globalization;
using System.Text;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Output;

/// <summary>
/// Renders field values with Falco's conventions: <c>&lt;NA&gt;</c> when missing, times of day for
/// <c>evt.time</c>, ISO 8601 for <c>evt.time.iso8601</c>, booleans as true/false, lists as <c>(a,b)</c>.
/// </summary>
public static class FieldRenderer
{
    /// <summary>What Falco prints for a value that cannot be extracted.</summary>
    public const string NotAvailable = "<NA>";

    /// <summary>The value as text, or null when missing.</summary>
    public static string? RenderText(IEventSource evt, FieldRef field, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var definition = field.Definition;
        if (definition.IsList && field.Index < 0 || (definition.IsMultiValuedWithoutIndex && field.Index < 0))
            return RenderList(evt, field, zone);
        return RenderOne(evt, field, 0, zone);
    }

    /// <summary>The value as a typed JSON value (number, bool, string) for <c>output_fields</c>, or null.</summary>
    public static object? RenderJson(IEventSource evt, FieldRef field)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var definition = field.Definition;
        if (definition.IsNumeric && !(definition.IsMultiValuedWithoutIndex && field.Index < 0))
        {
            if (!evt.TryGetNumber(FieldRegistry.Canonical(field), 0, out var number)) return null;
            return definition.Type == FieldType.Bool ? number != 0 : number;
        }
        return RenderText(evt, field);
    }

    private static string? RenderList(IEventSource evt, FieldRef field, TimeZoneInfo? zone)
    {
        var parts = new List<string>();
        for (var i = 0; RenderOne(evt, field, i, zone) is { } part; i++) parts.Add(part);
        if (parts.Count == 0) return null;
        return field.Definition.IsList ? $"({string.Join(',', parts)})" : string.Join(',', parts);
    }

    private static string? RenderOne(IEventSource evt, FieldRef field, int index, TimeZoneInfo? zone)
    {
        var definition = field.Definition;
        if (definition.IsAddress)
            return evt.TryGetAddress(in field, index, out var address) ? address.ToString() : null;
        if (!definition.IsNumeric)
            return evt.TryGetString(in field, index, out var text) ? text.ToString() : null;
        if (!evt.TryGetNumber(FieldRegistry.Canonical(field), index, out var number)) return null;
        return definition.Type switch
        {
            FieldType.Bool => number != 0 ? "true" : "false",
            FieldType.AbsTime => RenderTime(definition.Id, number, zone),
            FieldType.Unsigned => ((ulong)number).ToString(CultureInfo.InvariantCulture),
            _ => number.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Renders an absolute time field (<c>evt.time</c> and friends) from nanoseconds since the epoch.</summary>
    public static string RenderTime(FieldId id, long nanoseconds, TimeZoneInfo? zone = null)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone ?? TimeZoneInfo.Local);
        var fraction = (nanoseconds % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
        return id switch
        {
            FieldId.EvtTime => local.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction,
            FieldId.EvtTimeS => local.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            FieldId.EvtTimeIso8601 => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction + Offset(local.Offset),
            FieldId.EvtDatetime => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction,
            FieldId.EvtDatetimeS => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            _ => nanoseconds.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>ISO 8601 in UTC with nanoseconds, as in the <c>time</c> key of Falco's JSON.</summary>
    public static string IsoUtc(long nanoseconds)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." +
               (nanoseconds % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return new StringBuilder().Append(sign).Append(offset.Hours.ToString("D2", CultureInfo.InvariantCulture))
            .Append(offset.Minutes.ToString("D2", CultureInfo.InvariantCulture)).ToString();
    }
}
