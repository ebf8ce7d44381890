using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hermes.Collector.Config;

/// <summary>
/// Reads <see cref="CollectorConfig"/> from a YAML file (keys in snake_case, e.g. <c>rules_files</c>,
/// <c>spool_max_alerts</c>) and then from environment variables <c>HERMES_COLLECTOR_&lt;KEY&gt;</c> (lists
/// comma-separated), so a DaemonSet can override any key. Errors name the file, line and column, or the variable.
/// </summary>
public static class CollectorConfigLoader
{
    private static readonly string[] Keys =
    [
        "rules_files", "outputs", "rule_matching", "cluster", "region", "node", "hostname", "time_format_iso_8601",
        "http_token", "http_gzip", "http_ca_file", "spool_directory", "spool_max_alerts", "ring_buffer_bytes", "metrics_address",
        "log_format", "container_runtimes",
    ];

    /// <summary>Loads the file (if any) and applies the environment; throws <see cref="CollectorConfigException"/> on bad input.</summary>
    public static CollectorConfig Load(string? path, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, (object Value, string Where)>(StringComparer.Ordinal);
        if (path is not null) ReadFile(path, values);
        foreach (var key in Keys)
        {
            var variable = "HERMES_COLLECTOR_" + key.ToUpperInvariant();
            if (environment.TryGetValue(variable, out var text) && text is not null)
                values[key] = (key is "rules_files" or "outputs" or "container_runtimes" ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : text, variable);
        }
        return Build(values);
    }

    private static void ReadFile(string path, Dictionary<string, (object, string)> values)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            throw new CollectorConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {(e.InnerException ?? e).Message}");
        }
        catch (IOException e)
        {
            throw new CollectorConfigException($"{path}: cannot read configuration: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new CollectorConfigException($"{path}:1:1: invalid YAML: the YAML scanner failed ({e.Message})");
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new CollectorConfigException($"{path}:1:1: the configuration must be a map of keys");
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var where = $"{path}:{keyNode.Start.Line}:{keyNode.Start.Column}";
            if (!Keys.Contains(key))
                throw new CollectorConfigException($"{where}: unknown key '{key}' (known: {string.Join(", ", Keys)})");
            values[key] = valueNode switch
            {
                YamlSequenceNode list => (list.Children.Select(c => (c as YamlScalarNode)?.Value ?? string.Empty).ToArray(), where),
                YamlScalarNode scalar => (scalar.Value ?? string.Empty, where),
                _ => throw new CollectorConfigException($"{where}: '{key}' must be a value or a list"),
            };
        }
    }

    private static CollectorConfig Build(Dictionary<string, (object Value, string Where)> values)
    {
        string? Text(string key) => values.TryGetValue(key, out var v) ? v.Value as string ?? string.Join(',', (string[])v.Value) : null;
        IReadOnlyList<string>? List(string key) => values.TryGetValue(key, out var v) ? v.Value as string[] ?? [(string)v.Value] : null;
        bool? Bool(string key) => Text(key) switch
        {
            null => null,
            "true" or "True" or "1" or "yes" => true,
            "false" or "False" or "0" or "no" => false,
            var other => throw new CollectorConfigException($"{values[key].Where}: '{key}' must be true or false, not '{other}'"),
        };
        long? Number(string key, long min)
        {
            var text = Text(key);
            if (text is null) return null;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
                throw new CollectorConfigException($"{values[key].Where}: '{key}' must be a whole number of at least {min}, not '{text}'");
            return n;
        }

        var defaults = new CollectorConfig();
        var logFormat = Text("log_format") ?? defaults.LogFormat;
        if (logFormat is not ("text" or "json"))
            throw new CollectorConfigException($"{values["log_format"].Where}: 'log_format' must be text or json, not '{logFormat}'");
        var matching = Text("rule_matching") ?? defaults.RuleMatching;
        if (matching is not ("first" or "all"))
            throw new CollectorConfigException($"{values["rule_matching"].Where}: 'rule_matching' must be first or all, not '{matching}'");
        var ring = Number("ring_buffer_bytes", 4096) ?? defaults.RingBufferBytes;
        if ((ring & (ring - 1)) != 0 || ring > int.MaxValue)
            throw new CollectorConfigException($"{values["ring_buffer_bytes"].Where}: 'ring_buffer_bytes' must be a power of two");
        var caFile = Text("http_ca_file") is { Length: > 0 } ca ? ca : null;
        if (caFile is not null)
        {
            try
            {
                Outputs.HttpTrust.LoadBundle(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or InvalidDataException)
            {
                throw new CollectorConfigException($"{values["http_ca_file"].Where}: 'http_ca_file' {caFile} cannot be used: {e.Message}", e);
            }
        }
        var runtimes = List("container_runtimes") ?? defaults.ContainerRuntimes;
        foreach (var runtime in runtimes)
            if (Containers.ContainerRuntimes.Validate(runtime) is { } problem)
                throw new CollectorConfigException($"{values["container_runtimes"].Where}: 'container_runtimes': {problem}");
        return new CollectorConfig
        {
            RulesFiles = List("rules_files") ?? defaults.RulesFiles,
            Outputs = List("outputs") ?? defaults.Outputs,
            RuleMatching = matching,
            Cluster = Text("cluster"),
            Region = Text("region"),
            Node = Text("node"),
            Hostname = Text("hostname") ?? defaults.Hostname,
            TimeFormatIso8601 = Bool("time_format_iso_8601") ?? defaults.TimeFormatIso8601,
            HttpToken = Text("http_token"),
            HttpGzip = Bool("http_gzip") ?? defaults.HttpGzip,
            HttpCaFile = caFile,
            SpoolDirectory = Text("spool_directory") ?? defaults.SpoolDirectory,
            SpoolMaxAlerts = (int)(Number("spool_max_alerts", 1) ?? defaults.SpoolMaxAlerts),
            RingBufferBytes = (int)ring,
            MetricsAddress = Text("metrics_address") ?? defaults.MetricsAddress,
            LogFormat = logFormat,
            ContainerRuntimes = runtimes,
        };
    }
}

/// <summary>A configuration that cannot be used, with where the problem is.</summary>
public sealed class CollectorConfigException : Exception
{
    public CollectorConfigException() { }

    public CollectorConfigException(string message) : base(message) { }

    public CollectorConfigException(string message, Exception inner) : base(message, inner) { }
}
