using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Ownership;
using Hermes.Rules.Engine;

namespace Hermes.Bot.Elasticsearch;

/// <summary>A finding (a stored alert with its case) as the exporter reads it.</summary>
public sealed record FindingRow(long Id, string IdempotencyKey, string Rule, string Priority, string Time, string Source, string Hostname,
    string Output, string Tags, string Body, long? CaseId, long? SuppressionId, string? State, string? Owner, string? OwnershipJson, string? Playbook,
    long ReceivedMs);

/// <summary>A case timeline entry with its case, as the exporter reads it.</summary>
public sealed record CaseEventRow(long Id, long CaseId, long AtMs, string Actor, string Kind, string? FromState, string? ToState, string Detail,
    string Rule, string Priority, string State, string? Owner, string? OwnershipJson, string WorkloadJson, string Playbook);

/// <summary>
/// Findings and case updates in Elastic Common Schema: event.*, rule.*, process.*, user.*, container.*,
/// orchestrator.*, host.*, file.*, destination.*, with what Hermes adds under hermes.* and Falco's own output fields
/// kept whole under falco.output_fields (a flattened field, so new Falco fields never explode the mapping).
/// </summary>
public static class EcsDocuments
{
    // Falco output field → ECS field, for the fields the official rules print.
    private static readonly (string Falco, string Ecs)[] Fields =
    [
        ("proc.name", "process.name"), ("proc.exepath", "process.executable"), ("proc.cmdline", "process.command_line"),
        ("proc.pid", "process.pid"), ("proc.pname", "process.parent.name"), ("proc.ppid", "process.parent.pid"),
        ("proc.pcmdline", "process.parent.command_line"), ("proc.tty", "process.tty.char_device.major"),
        ("user.name", "user.name"), ("user.uid", "user.id"), ("user.loginuid", "user.audit.id"), ("group.gid", "group.id"),
        ("container.id", "container.id"), ("container.name", "container.name"), ("container.image.repository", "container.image.name"),
        ("container.image.tag", "container.image.tag"), ("container.image.digest", "container.image.hash.all"),
        ("k8s.ns.name", "orchestrator.namespace"), ("k8s.pod.name", "orchestrator.resource.name"), ("hermes.cluster", "orchestrator.cluster.name"),
        ("fd.name", "file.path"), ("fd.directory", "file.directory"), ("fd.sip", "destination.ip"), ("fd.sport", "destination.port"),
        ("fd.cip", "source.ip"), ("fd.cport", "source.port"), ("fd.l4proto", "network.transport"),
        ("evt.type", "event.action"), ("hermes.region", "cloud.region"), ("hermes.node", "host.name"),
    ];

    public static JsonObject Finding(FindingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var doc = Base(row.Time, "alert", "hermes.findings", row.Rule, row.Priority, row.Output);
        doc["host.hostname"] = row.Hostname;
        doc["event.id"] = row.IdempotencyKey;
        doc["event.provider"] = row.Source;
        // Stored comma-separated (tags never contain commas in Falco's rules).
        var tags = row.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        doc["tags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray());
        doc["event.category"] = new JsonArray(Categories(tags).Select(c => (JsonNode)c).ToArray());
        if (JsonNode.Parse(row.Body)?["output_fields"] is JsonObject fields)
        {
            foreach (var (falco, ecs) in Fields)
                if (fields[falco] is JsonValue value && value.ToString() is { Length: > 0 } text && text != "<NA>")
                    doc[ecs] = value.DeepClone();
            if (doc.ContainsKey("orchestrator.resource.name")) doc["orchestrator.resource.type"] = "pod";
            if (doc.ContainsKey("orchestrator.namespace")) doc["orchestrator.type"] = "kubernetes";
            doc["falco.output_fields"] = fields.DeepClone();
        }
        doc["hermes.outcome"] = row.SuppressionId is null ? "stored" : "suppressed";
        if (row.CaseId is { } caseId) doc["hermes.case.id"] = caseId;
        if (row.State is not null) doc["hermes.case.state"] = row.State;
        if (row.Playbook is not null) doc["hermes.playbook"] = row.Playbook;
        Ownership(doc, row.Owner, row.OwnershipJson);
        return Nest(doc);
    }

    public static JsonObject CaseEvent(CaseEventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var doc = Base(DateTimeOffset.FromUnixTimeMilliseconds(row.AtMs).ToString("O"), "event", "hermes.cases", row.Rule, row.Priority, row.Detail);
        doc["event.action"] = row.Kind;
        doc["event.id"] = $"case-{row.CaseId}-{row.Id}";
        doc["user.name"] = row.Actor;
        doc["hermes.case.id"] = row.CaseId;
        doc["hermes.case.state"] = row.State;
        if (row.FromState is not null) doc["hermes.case.from_state"] = row.FromState;
        if (row.ToState is not null) doc["hermes.case.to_state"] = row.ToState;
        doc["hermes.playbook"] = row.Playbook;
        if (JsonSerializer.Deserialize<Cases.Workload>(row.WorkloadJson) is { } w)
        {
            if (w.Cluster is not null) doc["orchestrator.cluster.name"] = w.Cluster;
            if (w.Namespace is not null) { doc["orchestrator.namespace"] = w.Namespace; doc["orchestrator.type"] = "kubernetes"; }
            if (w.Pod is not null) { doc["orchestrator.resource.name"] = w.Pod; doc["orchestrator.resource.type"] = "pod"; }
            if (w.Image is not null) doc["container.image.name"] = w.Image;
            doc["host.hostname"] = w.Hostname;
        }
        Ownership(doc, row.Owner, row.OwnershipJson);
        return Nest(doc);
    }

    private static Dictionary<string, JsonNode?> Base(string time, string kind, string dataset, string rule, string priority, string message)
    {
        PriorityNames.TryParse(priority, out var level);
        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["@timestamp"] = time,
            ["message"] = message,
            ["event.kind"] = kind,
            ["event.module"] = "hermes",
            ["event.dataset"] = dataset,
            // Falco's priorities are syslog severities: 0 emergency … 7 debug.
            ["event.severity"] = (int)level,
            ["log.level"] = priority.ToLowerInvariant(),
            ["rule.name"] = rule,
            ["rule.ruleset"] = "falco",
            ["ecs.version"] = "8.11.0",
        };
    }

    private static void Ownership(Dictionary<string, JsonNode?> doc, string? owner, string? ownershipJson)
    {
        doc["hermes.owner"] = owner ?? "unowned";
        if (ownershipJson is null || JsonSerializer.Deserialize<OwnershipAnswer>(ownershipJson) is not { } answer) return;
        doc["hermes.service"] = answer.Service;
        if (answer.Repository is not null) doc["hermes.repository"] = answer.Repository;
        if (answer.Channel is not null) doc["hermes.channel"] = answer.Channel;
        doc["hermes.criticality"] = answer.Criticality ?? "unknown";
    }

    private static IEnumerable<string> Categories(IEnumerable<string> tags)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
            switch (tag)
            {
                case "filesystem": set.Add("file"); break;
                case "network": set.Add("network"); break;
                case "process": set.Add("process"); break;
                case "users": set.Add("iam"); break;
            }
        if (set.Count == 0) set.Add("process");
        return set;
    }

    // Dotted names become nested objects, as ECS documents are written.
    private static JsonObject Nest(Dictionary<string, JsonNode?> flat)
    {
        var root = new JsonObject();
        foreach (var (name, value) in flat.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (name == "@timestamp")
            {
                root[name] = value;
                continue;
            }
            var parts = name == "falco.output_fields" ? ["falco", "output_fields"] : name.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[parts[i]] = child;
                }
                node = child;
            }
            node[parts[^1]] = value;
        }
        return root;
    }
}
