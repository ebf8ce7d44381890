using System.Text.Json.Nodes;
using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary>
/// An ownership question from outside a case (the API, the CLI): a workload described by image, namespace, pod and
/// labels in; every value with its provenance out, the people to ask, and what each source said (which is the
/// explicit answer when nothing owns the workload).
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

    public static async Task<JsonObject> ResolveAsync(IOwnershipPort ownership, WorkloadRef workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownership);
        return ToJson(await ownership.LookupAsync(workload, cancellationToken).ConfigureAwait(false));
    }

    public static JsonObject ToJson(Hermes.Ownership.Model.OwnershipAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var f = answer.Facts;
        static JsonNode? Value<T>(Claim<T>? c) => c is null ? null : new JsonObject { ["value"] = JsonValue.Create(c.Value), ["source"] = c.Source, ["why"] = c.Why };
        return new JsonObject
        {
            ["owned"] = answer.Owned,
            ["workload"] = answer.Workload.ToString(),
            ["service"] = Value(f.Service),
            ["system"] = Value(f.System),
            ["repository"] = Value(f.Repository),
            ["revision"] = Value(f.Revision),
            ["repositoryPath"] = Value(f.RepositoryPath),
            ["channel"] = Value(f.Channel),
            ["criticality"] = Value(f.Criticality),
            ["onCall"] = Value(f.OnCall),
            ["owners"] = f.Owners is null ? null : new JsonObject
            {
                ["value"] = new JsonArray(f.Owners.Value.Select(OwnerJson).ToArray()),
                ["source"] = f.Owners.Source,
                ["why"] = f.Owners.Why,
            },
            ["people"] = new JsonArray(answer.People.Select(p => (JsonNode)new JsonObject
            {
                ["handle"] = CaseOwnership.Handle(p),
                ["name"] = p.Name,
                ["email"] = p.Email,
                ["slackUserId"] = p.SlackUserId,
            }).ToArray()),
            ["tried"] = new JsonArray(answer.Tried.Select(t => (JsonNode)new JsonObject { ["source"] = t.Source, ["said"] = t.Said, ["stale"] = t.Stale }).ToArray()),
        };
    }

    private static JsonNode OwnerJson(Owner o) => new JsonObject
    {
        ["kind"] = o.Kind == OwnerKind.Team ? "team" : "person",
        ["name"] = o.Name,
        ["origin"] = o.Origin,
        ["email"] = o.Email,
        ["slackUserId"] = o.SlackUserId,
        ["why"] = new JsonArray(o.WhyOrEmpty.Select(w => (JsonNode)w).ToArray()),
        ["members"] = o.Members is null ? null : new JsonArray(o.Members.Select(OwnerJson).ToArray()),
    };

    /// <summary>The answer as lines a person reads.</summary>
    public static string Describe(Hermes.Ownership.Model.OwnershipAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lines = new List<string>();
        var f = answer.Facts;
        if (!answer.Owned) lines.Add($"unowned: {answer.Workload}");
        void Line<T>(string name, Claim<T>? c)
        {
            if (c is not null) lines.Add($"{name,-13}{c.Value}\n{"",13}from {c.Source}: {c.Why}");
        }
        Line("service:", f.Service);
        Line("system:", f.System);
        Line("repository:", f.Repository);
        Line("revision:", f.Revision);
        Line("path:", f.RepositoryPath);
        if (f.Owners is { } owners) lines.Add($"{"owners:",-13}{string.Join(", ", owners.Value)}\n{"",13}from {owners.Source}: {owners.Why}");
        foreach (var p in answer.People)
            lines.Add($"{"person:",-13}{CaseOwnership.Handle(p)}" + string.Concat(p.WhyOrEmpty.Select(w => $"\n{"",13}{w}")));
        Line("channel:", f.Channel);
        Line("criticality:", f.Criticality);
        Line("on-call:", f.OnCall);
        lines.Add("tried:");
        lines.AddRange(answer.Tried.Select(t => $"  {t}"));
        return string.Join("\n", lines);
    }
}
