namespace Hermes.Collector.Outputs;

/// <summary>Settings of the http output (the bot's <c>/api/v1/alerts</c>, or any Falco http receiver).</summary>
public sealed record HttpOutputOptions
{
    /// <summary>Where alerts are POSTed.</summary>
    public required Uri Url { get; init; }

    /// <summary>Bearer token the receiver checks; none when null.</summary>
    public string? Token { get; init; }

    /// <summary>Compress request bodies with gzip.</summary>
    public bool Gzip { get; init; }

    /// <summary>Where undelivered alerts wait.</summary>
    public string SpoolDirectory { get; init; } = "/var/lib/hermes-collector/spool";

    /// <summary>At most this many alerts wait; beyond it the lowest priorities are dropped first.</summary>
    public int SpoolMaxAlerts { get; init; } = 100_000;

    /// <summary>At most this many bytes wait.</summary>
    public long SpoolMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Alerts per request (sent as JSON lines).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>First retry delay; doubles per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
