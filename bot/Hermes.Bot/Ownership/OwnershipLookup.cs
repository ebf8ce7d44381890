using System.Text.Json.Nodes;
using Hermes.Bot.Cases;

namespace Hermes.Bot.Ownership;

/// <summary>
/// An ownership question from outside a case (the API, the CLI): a workload described by image, namespace, pod and
/// labels in; the answer with its provenance out, or an explicit "unowned" that lists what was tried.
/// </summary>
public static class OwnershipLookup
{
    /// <summary>Parses <c>k=v</c> labels; returns the first malformed one as an error.</summary>
    public static (Dictionary<string, string> Labels, string? Error) Labels(IEnumerable<string> pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) return (labels, $"label: '{pair}' is not key=value");
            labels[pair[..equals]] = pair[(equals + 1)..];
        }
        return (labels, null);
    }

    public static async Task<JsonObject> ResolveAsync(IOwnershipPort ownership, string? image, string? ns, string? pod,
        IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownership);
        var workload = new Workload(null, ns, pod, null, image, "", labels);
        var answer = await ownership.ResolveAsync(workload, cancellationToken).ConfigureAwait(false);
        if (answer is null)
            return new JsonObject { ["owned"] = false, ["workload"] = workload.Key, ["tried"] = new JsonArray(ownership.Sources.Select(s => (JsonNode)s).ToArray()) };
        return new JsonObject
        {
            ["owned"] = true,
            ["service"] = answer.Service,
            ["repository"] = answer.Repository,
            ["owners"] = new JsonArray(answer.Owners.Select(o => (JsonNode)o).ToArray()),
            ["channel"] = answer.Channel,
            ["criticality"] = answer.Criticality,
            ["provenance"] = new JsonObject(answer.Provenance.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
    }

    /// <summary>The answer as lines a person reads.</summary>
    public static string Describe(JsonObject answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer["owned"]!.GetValue<bool>() is false)
            return $"unowned: {answer["workload"]}\ntried:\n" + string.Join("\n", answer["tried"]!.AsArray().Select(t => $"  {t}"));
        var lines = new List<string>
        {
            $"service:     {answer["service"]}",
            $"repository:  {answer["repository"] ?? "-"}",
            $"owners:      {string.Join(", ", answer["owners"]!.AsArray().Select(o => o!.GetValue<string>()))}",
            $"channel:     {answer["channel"] ?? "-"}",
            $"criticality: {answer["criticality"] ?? "-"}",
            "why:",
        };
        lines.AddRange(answer["provenance"]!.AsObject().Select(p => $"  {p.Key} from {p.Value}"));
        return string.Join("\n", lines);
    }
}
