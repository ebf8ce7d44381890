using System.Text.Json.Nodes;
using Hermes.Bot.Elasticsearch;
using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Deploy;

/// <summary>The shipped index templates and Kibana saved objects agree with each other and with what the exporter writes.</summary>
public sealed class ElasticsearchAssetsTests
{
    private static JsonObject Template(string name) => JsonNode.Parse(BulkClient.Templates[name])!.AsObject();

    private static IReadOnlyList<JsonObject> SavedObjects() =>
        File.ReadAllLines(Repository.Path("deploy", "kibana", "hermes-dashboard.ndjson")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    // Whether a dotted field is mapped (properties nested per dot).
    private static bool Mapped(JsonObject template, string field)
    {
        JsonNode? node = template["template"]!["mappings"];
        foreach (var part in field.Split('.'))
        {
            node = node?["properties"]?[part];
            if (node is null) return false;
        }
        return true;
    }

    [Fact]
    public void Templates_AreDataStreamTemplates_ForTheExportersStreams()
    {
        Assert.Equal(["hermes-cases", "hermes-findings"], BulkClient.Templates.Keys.Order());
        var options = new ElasticsearchOptions();
        foreach (var (name, stream) in new[] { ("hermes-findings", options.FindingsDataStream), ("hermes-cases", options.CasesDataStream) })
        {
            var template = Template(name);
            Assert.NotNull(template["data_stream"]);
            var pattern = (string)template["index_patterns"]![0]!;
            Assert.StartsWith(pattern.TrimEnd('*'), stream, StringComparison.Ordinal);
            Assert.True((int)template["priority"]! > 200, "must outrank the built-in logs-*-* template (priority 100)");
            foreach (var field in new[] { "@timestamp", "rule.name", "log.level", "hermes.owner", "hermes.criticality", "orchestrator.cluster.name", "hermes.case.id" })
                Assert.True(Mapped(template, field), $"{name} maps {field}");
        }
        Assert.Equal("flattened", (string?)Template("hermes-findings")["template"]!["mappings"]!["properties"]!["falco"]!["properties"]!["output_fields"]!["type"]);
    }

    [Fact]
    public void KibanaDashboard_ReferencesResolve_AndEveryChartSplitsByAMappedField()
    {
        var objects = SavedObjects();
        var ids = objects.Select(o => ((string)o["type"]!, (string)o["id"]!)).ToHashSet();
        Assert.Equal(objects.Count, ids.Count);
        foreach (var o in objects)
            foreach (var reference in o["references"]!.AsArray())
                Assert.Contains(((string)reference!["type"]!, (string)reference["id"]!), ids);
        var findings = Template("hermes-findings");
        var splits = objects.Where(o => (string?)o["type"] == "visualization")
            .Select(v => JsonNode.Parse((string)v["attributes"]!["visState"]!)!["aggs"]!.AsArray().Single(a => (string?)a!["type"] == "terms")!["params"]!["field"]!.GetValue<string>())
            .ToList();
        Assert.Equal(["hermes.criticality", "hermes.owner", "log.level", "orchestrator.cluster.name", "rule.name"], splits.Order());
        Assert.All(splits, f => Assert.True(Mapped(findings, f), $"{f} is mapped"));
        var dashboard = Assert.Single(objects, o => (string?)o["type"] == "dashboard");
        var panels = JsonNode.Parse((string)dashboard["attributes"]!["panelsJSON"]!)!.AsArray();
        Assert.Equal(5, panels.Count);
        Assert.All(panels, p => Assert.Contains(dashboard["references"]!.AsArray(), r => (string?)r!["name"] == (string?)p!["panelRefName"]));
        Assert.Equal("logs-hermes.findings-*", (string?)Assert.Single(objects, o => (string?)o["id"] == "hermes-findings")["attributes"]!["title"]);
    }
}
