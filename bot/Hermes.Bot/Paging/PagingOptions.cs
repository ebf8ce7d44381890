namespace Hermes.Bot.Paging;

/// <summary>The <c>Paging</c> section: where escalations that page go.</summary>
public sealed record PagingOptions
{
    /// <summary><c>console</c> (default: pages shown in the web console), <c>pagerduty</c> or <c>opsgenie</c>.</summary>
    public string Provider { get; init; } = "console";

    public PagerDutyOptions PagerDuty { get; init; } = new();

    public OpsgenieOptions Opsgenie { get; init; } = new();
}

public sealed record PagerDutyOptions
{
    public Uri Url { get; init; } = new("https://events.pagerduty.com/v2/enqueue");

    /// <summary>Events API v2 integration keys by escalation severity (low, medium, high, critical), with <c>default</c> for the rest.</summary>
    public IReadOnlyDictionary<string, string> RoutingKeys { get; init; } = new Dictionary<string, string>();
}

public sealed record OpsgenieOptions
{
    public Uri Url { get; init; } = new("https://api.opsgenie.com/");

    public string? ApiKey { get; init; }
}
