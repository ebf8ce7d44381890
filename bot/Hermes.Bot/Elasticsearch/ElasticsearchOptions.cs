namespace Hermes.Bot.Elasticsearch;

/// <summary>
/// <c>Elasticsearch:*</c>. Export is off unless <see cref="Url"/> is set. Findings and case updates go to two data
/// streams through the bulk API, read from the database behind a stored cursor, so intake never waits for
/// Elasticsearch and nothing is lost while it is down.
/// </summary>
public sealed record ElasticsearchOptions
{
    public Uri? Url { get; init; }

    /// <summary>An API key (the base64 "id:key" form Elasticsearch returns as <c>encoded</c>).</summary>
    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string FindingsDataStream { get; init; } = "logs-hermes.findings-default";

    public string CasesDataStream { get; init; } = "logs-hermes.cases-default";

    /// <summary>Documents per bulk request at most (halved while Elasticsearch answers 429).</summary>
    public int BatchSize { get; init; } = 500;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a finding waits for its case's owner before it is exported without one.</summary>
    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest pause between attempts while Elasticsearch fails.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);
}
