namespace Hermes.Collector.Config;

/// <summary>
/// The collector's configuration (YAML file, then environment overrides, then command-line flags). Every key has
/// a default so the collector runs with no file at all.
/// </summary>
public sealed record CollectorConfig
{
    /// <summary>Rules files, loaded in order (later ones override earlier ones).</summary>
    public IReadOnlyList<string> RulesFiles { get; init; } = [];

    /// <summary>Output specs: <c>stdout</c>, <c>file:PATH</c>, <c>http:URL</c>.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Falco's <c>rule_matching</c>: first (default) or all.</summary>
    public string RuleMatching { get; init; } = "first";

    /// <summary>Cluster name put in every alert (<c>hermes.cluster</c>).</summary>
    public string? Cluster { get; init; }

    /// <summary>Region put in every alert (<c>hermes.region</c>).</summary>
    public string? Region { get; init; }

    /// <summary>Node name put in every alert (<c>hermes.node</c>); defaults to the host name (on Kubernetes, set it from spec.nodeName).</summary>
    public string? Node { get; init; }

    /// <summary>Host name in alerts.</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>Render time prefixes in ISO 8601 (Falco's <c>time_format_iso_8601</c>).</summary>
    public bool TimeFormatIso8601 { get; init; }

    /// <summary>Bearer token for the http output.</summary>
    public string? HttpToken { get; init; }

    /// <summary>Gzip http request bodies.</summary>
    public bool HttpGzip { get; init; }

    /// <summary>
    /// A PEM bundle of the CA(s) the http output trusts instead of the system's (a private PKI); null: the system's.
    /// Checked when the configuration is loaded.
    /// </summary>
    public string? HttpCaFile { get; init; }

    /// <summary>Spool directory of the http output.</summary>
    public string SpoolDirectory { get; init; } = "/var/lib/hermes-collector/spool";

    /// <summary>Spool bound in alerts.</summary>
    public int SpoolMaxAlerts { get; init; } = 100_000;

    /// <summary>Kernel ring buffer size in bytes (a power of two).</summary>
    public int RingBufferBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Where /metrics and /healthz listen; empty turns them off.</summary>
    public string MetricsAddress { get; init; } = "127.0.0.1:8765";

    /// <summary>Container runtimes to ask for metadata (<c>cri:/run/containerd/containerd.sock</c>, <c>docker:/var/run/docker.sock</c>); empty: the well-known sockets that exist.</summary>
    public IReadOnlyList<string> ContainerRuntimes { get; init; } = [];

    /// <summary><c>text</c> (lines on stderr) or <c>json</c> (one JSON object per line, for log pipelines).</summary>
    public string LogFormat { get; init; } = "text";
}
