using System.Text.Json;

namespace Hermes.Bot.Cases;

/// <summary>
/// Where an alert happened, read from Falco's output fields (and Hermes' context fields): the reference the
/// ownership port resolves and the key alerts are grouped by.
/// </summary>
public sealed record Workload(
    string? Cluster, string? Namespace, string? Pod, string? Container, string? Image, string Hostname,
    IReadOnlyDictionary<string, string> Labels, string? ImageDigest = null)
{
    /// <summary>cluster/namespace/pod, or host/container outside Kubernetes.</summary>
    public string Key => Pod is not null
        ? $"{Cluster ?? "-"}/{Namespace ?? "-"}/{Pod}"
        : $"{Hostname}/{Container ?? "host"}";

    public static Workload FromFields(JsonElement fields, string hostname)
    {
        string? Get(params string[] names)
        {
            if (fields.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in names)
                if (fields.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    && value.GetString() is { Length: > 0 } text && text != "<NA>")
                    return text;
            return null;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.ValueKind == JsonValueKind.Object)
            foreach (var field in fields.EnumerateObject())
            {
                // Falco's k8s.pod.label[app] / k8s.pod.label.app and Hermes' hermes.pod.label.app forms.
                var name = field.Name;
                string? label = name.StartsWith("k8s.pod.label[", StringComparison.Ordinal) && name.EndsWith(']') ? name[14..^1]
                    : name.StartsWith("k8s.pod.label.", StringComparison.Ordinal) ? name[14..]
                    : name.StartsWith("hermes.pod.label.", StringComparison.Ordinal) ? name[17..] : null;
                if (label is not null && field.Value.ValueKind == JsonValueKind.String) labels[label] = field.Value.GetString()!;
            }
        var repository = Get("container.image.repository");
        var tag = Get("container.image.tag");
        return new Workload(
            Get("hermes.cluster", "k8s.cluster.name"),
            Get("k8s.ns.name", "k8smeta.ns.name"),
            Get("k8s.pod.name", "k8smeta.pod.name"),
            Get("container.name", "container.id"),
            Get("container.image") ?? (repository is null ? null : tag is null ? repository : $"{repository}:{tag}"),
            Get("hermes.node") ?? hostname,
            labels,
            Get("container.image.digest", "hermes.image.digest"));
    }
}
