using Hermes.Bot.Cases;
using Hermes.Playbooks.Model;
using YamlDotNet.RepresentationModel;

namespace Hermes.Bot.Ownership;

/// <summary>
/// Ownership from a Backstage-style catalog YAML (<c>Ownership:CatalogPath</c>): each service lists the workloads it
/// runs as (namespace, pod label selector, image globs) and its owners. The first service whose every given
/// selector matches wins. Re-read when the file changes; a broken file keeps the last good catalog.
/// </summary>
public sealed class CatalogOwnership : IOwnershipPort
{
    private readonly string? _path;
    private readonly ILogger<CatalogOwnership> _logger;
    private (DateTime Stamp, IReadOnlyList<CatalogService> Services) _catalog = (DateTime.MinValue, []);

    public CatalogOwnership(string? path, ILogger<CatalogOwnership> logger)
    {
        _path = path;
        _logger = logger;
    }

    public IReadOnlyList<string> Sources => _path is null
        ? ["no catalog configured (Ownership:CatalogPath)"]
        : [$"catalog {_path}: {Current().Count} service(s) matched by namespace, labels and image"];

    public Task<OwnershipAnswer?> ResolveAsync(Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        foreach (var service in Current())
            if (service.Matches(workload))
                return Task.FromResult<OwnershipAnswer?>(new OwnershipAnswer(service.Name, service.Repository, service.Owners, service.Channel,
                    service.Criticality, new Dictionary<string, string>
                    {
                        ["service"] = $"catalog {_path}: {service.Selector}",
                        ["owners"] = $"catalog {_path}: service {service.Name}",
                    }));
        return Task.FromResult<OwnershipAnswer?>(null);
    }

    private IReadOnlyList<CatalogService> Current()
    {
        if (_path is null || !File.Exists(_path)) return [];
        var stamp = File.GetLastWriteTimeUtc(_path);
        if (stamp == _catalog.Stamp) return _catalog.Services;
        try
        {
            _catalog = (stamp, Parse(File.ReadAllText(_path)));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException or InvalidOperationException)
        {
            _logger.LogError("Ownership catalog {Path} is invalid, keeping the previous one: {Error}", _path, e.Message);
        }
        return _catalog.Services;
    }

    internal static IReadOnlyList<CatalogService> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0) return [];
        var root = stream.Documents[0].RootNode as YamlMappingNode ?? throw new InvalidDataException("the catalog must be a mapping with 'services'");
        if (!root.Children.TryGetValue("services", out var list) || list is not YamlSequenceNode services)
            throw new InvalidDataException("the catalog needs a 'services' list");
        var result = new List<CatalogService>();
        foreach (var node in services.Children.OfType<YamlMappingNode>())
        {
            string? Text(YamlMappingNode map, string key) => map.Children.TryGetValue(key, out var v) ? (v as YamlScalarNode)?.Value : null;
            IReadOnlyList<string> List(YamlMappingNode map, string key) => map.Children.TryGetValue(key, out var v)
                ? v is YamlSequenceNode s ? s.Children.OfType<YamlScalarNode>().Select(x => x.Value ?? "").ToList() : [((YamlScalarNode)v).Value ?? ""]
                : [];
            var name = Text(node, "name") ?? throw new InvalidDataException($"line {node.Start.Line}: a service needs a name");
            var match = node.Children.TryGetValue("match", out var m) ? m as YamlMappingNode : null;
            var labels = match is not null && match.Children.TryGetValue("labels", out var l) && l is YamlMappingNode lm
                ? lm.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "")
                : [];
            result.Add(new CatalogService(name, Text(node, "repository"), List(node, "owners"), Text(node, "channel"), Text(node, "criticality"),
                match is null ? [] : List(match, "namespaces").Select(n => new TextPattern(n)).ToList(),
                labels,
                match is null ? [] : List(match, "images").Select(i => new TextPattern(i)).ToList()));
        }
        return result;
    }

    internal sealed record CatalogService(
        string Name, string? Repository, IReadOnlyList<string> Owners, string? Channel, string? Criticality,
        IReadOnlyList<TextPattern> Namespaces, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<TextPattern> Images)
    {
        public string Selector => $"namespaces=[{string.Join(",", Namespaces)}] labels={{{string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"))}}} images=[{string.Join(",", Images)}]";

        public bool Matches(Workload w)
        {
            if (Namespaces.Count == 0 && Labels.Count == 0 && Images.Count == 0) return false;
            if (Namespaces.Count > 0 && !Namespaces.Any(n => n.Matches(w.Namespace))) return false;
            if (Images.Count > 0 && !Images.Any(i => i.Matches(w.Image))) return false;
            return Labels.All(l => w.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
        }
    }
}
