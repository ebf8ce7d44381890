using System.Text.Json;
using Hermes.Collector.Daemon;

namespace Hermes.Collector.Tests.Daemon;

public sealed class JsonLogWriterTests
{
    [Fact]
    public async Task EachLine_BecomesOneJsonObject_WithItsLevel()
    {
        using var inner = new StringWriter();
        var log = new JsonLogWriter(inner, TimeProvider.System);
        await log.WriteLineAsync("hermes-collector: capturing with 25 rules; outputs: stdout");
        log.WriteLine("rules.yaml:3:1: error LOAD_ERR_YAML_PARSE: \"quoted\"\nsecond line");
        var lines = inner.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(("info", "capturing with 25 rules; outputs: stdout"), (lines[0].GetProperty("level").GetString(), lines[0].GetProperty("message").GetString()));
        Assert.Equal("error", lines[1].GetProperty("level").GetString());
        Assert.Equal("rules.yaml:3:1: error LOAD_ERR_YAML_PARSE: \"quoted\"", lines[1].GetProperty("message").GetString());
        Assert.Equal("hermes-collector", lines[2].GetProperty("logger").GetString());
    }
}
