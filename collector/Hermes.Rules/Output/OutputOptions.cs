namespace Hermes.Rules.Output;

/// <summary>How alerts are rendered; the defaults are Falco's.</summary>
public sealed record OutputOptions
{
    /// <summary>The host name put in every alert.</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>Prefix outputs with <c>%evt.time.iso8601</c> instead of <c>%evt.time</c> (Falco's <c>time_format_iso_8601</c>).</summary>
    public bool TimeFormatIso8601 { get; init; }

    /// <summary>The time zone times of day are rendered in (<c>evt.time</c>, the output prefix); Falco uses local time.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>Text (with <c>%field</c> tokens) appended to every output (Falco's <c>append_output.extra_output</c>).</summary>
    public string? ExtraOutput { get; init; }

    /// <summary>Fields added to every alert's <c>output_fields</c> without changing the text (e.g. <c>container.image.digest</c>).</summary>
    public IReadOnlyList<string> ExtraFields { get; init; } = [];

    /// <summary>Constant values added to every alert's <c>output_fields</c> (e.g. <c>hermes.cluster</c>).</summary>
    public IReadOnlyDictionary<string, string> StaticFields { get; init; } = new Dictionary<string, string>();
}
