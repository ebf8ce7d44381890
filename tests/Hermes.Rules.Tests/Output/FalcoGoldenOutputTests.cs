using System.Text.Json;
using Hermes.Rules.Loading;
using Hermes.Rules.Output;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Output;

/// <summary>Falco's own expected output for its legacy test <c>single_rule_with_cat_write</c>, reproduced exactly.</summary>
public sealed class FalcoGoldenOutputTests
{
    private static readonly string TestDir = Corpus.Path("falco", "captures", "falco-2583ea9", "test");

    // The golden file's events are the opens of `cat /dev/null` in cat_write.scap; their timestamps are the inputs.
    private static readonly long[] OpenTimes = File.ReadAllLines(Path.Combine(TestDir, "output_files", "single_rule_with_cat_write.json"))
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("output_fields").GetProperty("evt.time.iso8601").GetInt64())
        .ToArray();

    private static readonly OutputOptions GoldenOptions = new()
    {
        Hostname = "test-falco-hostname",
        TimeFormatIso8601 = true,
        TimeZone = TimeZoneInfo.Utc,
    };

    // Falco's test suite renders the text golden with single_rule.yaml and the JSON golden with single_rule_with_tags.yaml.
    private static IEnumerable<FalcoAlert> Alerts(string rulesFile = "single_rule_with_tags.yaml")
    {
        var result = RuleLoader.LoadFiles([Path.Combine(TestDir, "rules", rulesFile)]);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var formatter = new AlertFormatter(GoldenOptions);
        foreach (var time in OpenTimes)
        {
            var evt = TestEvent.Of("open").Set("proc.name", "cat").Set("proc.cmdline", "cat /dev/null").Set("evt.rawtime", time);
            var rule = result.RuleSet!.MatchFirst(evt);
            Assert.NotNull(rule);
            yield return formatter.Format(rule, evt);
        }
    }

    [Fact]
    public void JsonAlerts_MatchFalcosGoldenFile()
    {
        var golden = File.ReadAllLines(Path.Combine(TestDir, "output_files", "single_rule_with_cat_write.json"));
        var ours = Alerts().Select(FalcoJson.Serialize).ToList();
        Assert.Equal(golden.Length, ours.Count);
        for (var i = 0; i < golden.Length; i++)
        {
            using var expected = JsonDocument.Parse(golden[i]);
            using var actual = JsonDocument.Parse(ours[i]);
            Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), $"line {i + 1}:\nexpected {golden[i]}\nactual   {ours[i]}");
        }
    }

    [Fact]
    public void TextOutputs_MatchFalcosGoldenFile()
    {
        var golden = File.ReadAllLines(Path.Combine(TestDir, "output_files", "single_rule_with_cat_write.txt"));
        Assert.Equal(golden, Alerts("single_rule.yaml").Select(a => a.Output));
    }

    [Fact]
    public void Json_HasExactlyFalcosKeysInOrder()
    {
        using var doc = JsonDocument.Parse(FalcoJson.Serialize(Alerts().First()));
        Assert.Equal(["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2016-08-04T16:17:57.881781397Z", doc.RootElement.GetProperty("time").GetString());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("output_fields").GetProperty("evt.time.iso8601").ValueKind);
    }
}
