using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// The real collector with the official rules plus a rules file of the test class's own, loaded after them: rules
/// that print the state under test. The file lives in a scratch directory removed with the collector.
/// </summary>
internal sealed class CollectorWithTestRules : IDisposable
{
    public CollectorWithTestRules(string rulesYaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("hermes-rules-").FullName;
        var rules = Path.Combine(Directory, "test_rules.yaml");
        File.WriteAllText(rules, rulesYaml);
        Collector = new CollectorProcess(null, environment, [rules]);
    }

    public CollectorProcess Collector { get; }

    /// <summary>The scratch directory that holds the rules (tests may put files of their own there).</summary>
    public string Directory { get; }

    /// <summary>
    /// The output fields of the first alert of <paramref name="rule"/> whose fields satisfy <paramref name="match"/>;
    /// fails with the action's output, every alert seen and the collector's log when none arrives in 30 s.
    /// </summary>
    public JsonElement Expect(string rule, string action, Func<JsonElement, bool>? match = null)
    {
        var alert = Collector.WaitForAlert(a => a.GetProperty("rule").GetString() == rule && (match is null || match(a.GetProperty("output_fields"))), TimeSpan.FromSeconds(30));
        Assert.True(alert.HasValue, $"no '{rule}' alert\naction: {action}\nalerts: {string.Join("; ", Collector.Alerts().Select(a => a.GetProperty("output").GetString()))}\n{Collector.Stderr}");
        return alert.Value.GetProperty("output_fields");
    }

    /// <summary>An output field as text (numbers and booleans as written), or null when absent.</summary>
    public static string? Field(JsonElement fields, string name) =>
        !fields.TryGetProperty(name, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };

    public void Dispose()
    {
        Collector.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
