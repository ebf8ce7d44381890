namespace Hermes.Bot.Collectors;

/// <summary>What a collector last said about itself.</summary>
public sealed record CollectorStatus(string Node, string? Cluster, string Version, long LastSeenMs, long StartedMs, long Events, long Drops, long Alerts,
    long Rules, double EventsPerSecond);

/// <summary>A heartbeat as the collector sends it (cumulative counters since it started).</summary>
public sealed record Heartbeat(string? Node, string? Cluster, string? Version, long Events, long Drops, long Alerts, int Rules, long UptimeSeconds);
