using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hermes.Ownership.Catalog;

/// <summary>
/// Reads Backstage entity YAML (one entity per document, as in <c>catalog-info.yaml</c>). Every problem is
/// reported with its position and the bad entity is skipped; a file that is not YAML yields only the parse error.
/// </summary>
public static class CatalogReader
{
    public static (IReadOnlyList<CatalogEntity> Entities, IReadOnlyList<CatalogProblem> Problems) Read(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var entities = new List<CatalogEntity>();
        var problems = new List<CatalogProblem>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new CatalogProblem(file, e.Start.Line, e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return (entities, problems);
        }
        foreach (var document in stream.Documents)
        {
            var root = document.RootNode;
            if (root is YamlScalarNode { Value: null or "" }) continue;
            if (root is not YamlMappingNode entity)
            {
                problems.Add(At(file, root, "an entity must be a mapping with apiVersion, kind, metadata and spec"));
                continue;
            }
            if (ReadEntity(entity, file, problems) is { } read) entities.Add(read);
        }
        return (entities, problems);
    }

    private static CatalogEntity? ReadEntity(YamlMappingNode node, string file, List<CatalogProblem> problems)
    {
        var before = problems.Count;
        var apiVersion = Scalar(node, "apiVersion", file, problems);
        var kind = Scalar(node, "kind", file, problems);
        var metadata = Mapping(node, "metadata", file, problems);
        if (apiVersion is null) problems.Add(At(file, node, "entity has no apiVersion"));
        else if (!apiVersion.StartsWith("backstage.io/", StringComparison.Ordinal))
            problems.Add(At(file, node.Children[new YamlScalarNode("apiVersion")], $"apiVersion '{apiVersion}' is not a backstage.io/ version"));
        if (kind is null) problems.Add(At(file, node, "entity has no kind"));
        if (metadata is null) problems.Add(At(file, node, "entity has no metadata"));
        var name = metadata is null ? null : Scalar(metadata, "name", file, problems);
        if (metadata is not null && name is null) problems.Add(At(file, metadata, "metadata has no name"));
        // Read the rest even when the entity is already broken, so that every problem is reported at once.
        var ns = (metadata is null ? null : Scalar(metadata, "namespace", file, problems)) ?? "default";
        var annotations = metadata is null ? new Dictionary<string, string>() : StringMap(metadata, "annotations", file, problems);
        var labels = metadata is null ? new Dictionary<string, string>() : StringMap(metadata, "labels", file, problems);
        var spec = Mapping(node, "spec", file, problems);
        var profile = spec is null ? null : Mapping(spec, "profile", file, problems);
        if (problems.Count > before || kind is null || name is null || metadata is null) return null;
        return new CatalogEntity(
            new EntityRef(kind.ToLowerInvariant(), ns.ToLowerInvariant(), name.ToLowerInvariant()),
            name,
            annotations,
            labels,
            spec is null ? null : Scalar(spec, "owner", file, problems),
            spec is null ? null : Scalar(spec, "system", file, problems),
            spec is null ? null : Scalar(spec, "type", file, problems),
            profile is null ? null : Scalar(profile, "email", file, problems),
            spec is null ? [] : List(spec, "members", file, problems),
            spec is null ? [] : List(spec, "children", file, problems),
            $"{file}:{node.Start.Line}");
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode map, string key, string file, List<CatalogProblem> problems)
    {
        switch (Child(map, key))
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
            case var other:
                problems.Add(At(file, other, $"'{key}' must be a single value"));
                return null;
        }
    }

    private static YamlMappingNode? Mapping(YamlMappingNode map, string key, string file, List<CatalogProblem> problems)
    {
        switch (Child(map, key))
        {
            case null or YamlScalarNode { Value: null or "" }:
                return null;
            case YamlMappingNode mapping:
                return mapping;
            case var other:
                problems.Add(At(file, other, $"'{key}' must be a mapping"));
                return null;
        }
    }

    private static IReadOnlyList<string> List(YamlMappingNode map, string key, string file, List<CatalogProblem> problems)
    {
        switch (Child(map, key))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                    if (item is YamlScalarNode { Value: { Length: > 0 } text }) items.Add(text);
                    else problems.Add(At(file, item, $"items of '{key}' must be single values"));
                return items;
            case var other:
                problems.Add(At(file, other, $"'{key}' must be a list"));
                return [];
        }
    }

    private static Dictionary<string, string> StringMap(YamlMappingNode map, string key, string file, List<CatalogProblem> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(map, key, file, problems) is not { } mapping) return result;
        foreach (var (k, v) in mapping.Children)
            if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode value) result[name] = value.Value ?? "";
            else problems.Add(At(file, v, $"'{key}' values must be strings"));
        return result;
    }

    private static CatalogProblem At(string file, YamlNode node, string message) => new(file, node.Start.Line, node.Start.Column, message);
}
