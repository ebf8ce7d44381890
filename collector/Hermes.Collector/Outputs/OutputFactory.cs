using Hermes.Collector.Config;

namespace Hermes.Collector.Outputs;

/// <summary>
/// Builds outputs from their specs (<c>stdout</c>, <c>file:PATH</c>, <c>http:URL</c>). The one place an output is
/// registered: a new output is its own file plus one case here.
/// </summary>
public static class OutputFactory
{
    /// <summary>Creates the outputs; throws <see cref="CollectorConfigException"/> for a spec it does not understand.</summary>
    public static IReadOnlyList<IAlertOutput> Create(IEnumerable<string> specs, CollectorConfig config, TextWriter stdout, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(config);
        var outputs = new List<IAlertOutput>();
        foreach (var spec in specs)
        {
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            var kind = colon < 0 ? spec : spec[..colon];
            var target = colon < 0 ? string.Empty : spec[(colon + 1)..];
            outputs.Add(kind switch
            {
                "stdout" when target.Length == 0 => new StdoutOutput(stdout),
                "file" when target.Length > 0 => new FileOutput(target),
                "http" when Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" => new HttpOutput(new HttpOutputOptions
                {
                    Url = url,
                    Token = config.HttpToken,
                    Gzip = config.HttpGzip,
                    SpoolDirectory = config.SpoolDirectory,
                    SpoolMaxAlerts = config.SpoolMaxAlerts,
                }, http),
                _ => throw new CollectorConfigException($"output '{spec}': use stdout, file:PATH or http:URL (http:https://host/api/v1/alerts)"),
            });
        }
        return outputs;
    }
}
