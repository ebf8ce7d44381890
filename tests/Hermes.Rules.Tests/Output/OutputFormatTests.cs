using System.Text.Json;
using Hermes.Rules.Engine;
using Hermes.Rules.Loading;
using Hermes.Rules.Output;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Output;

public sealed class OutputFormatTests
{
    private static CompiledRule Rule(string output, string priority = "WARNING")
    {
        var yaml = $"""
            - rule: r
              desc: d
              condition: evt.type=openat
              output: "{output}"
              priority: {priority}
              tags: [a, b]
            """;
        var result = RuleLoader.LoadText("r.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.RuleSet!.Rules[0];
    }

    private static FalcoAlert Format(string output, TestEvent evt, OutputOptions? options = null) =>
        new AlertFormatter(options ?? new OutputOptions { Hostname = "h", TimeZone = TimeZoneInfo.Utc }).Format(Rule(output), evt);

    private static TestEvent Open() => TestEvent.Of("openat").Set("proc.name", "cat").Set("fd.name", "/etc/shadow").Set("fd.num", 3);

    [Fact]
    public void Output_HasTimeAndPriorityPrefix()
    {
        var alert = Format("file=%fd.name", Open().Set("evt.rawtime", 1_700_000_000_123_456_789L));
        Assert.Equal("22:13:20.123456789: Warning file=/etc/shadow", alert.Output);
    }

    [Fact]
    public void MissingField_RendersNA_AndNullInOutputFields()
    {
        var alert = Format("user=%user.name", Open());
        Assert.EndsWith("user=<NA>", alert.Output, StringComparison.Ordinal);
        Assert.Contains(alert.OutputFields, f => f.Key == "user.name" && f.Value is null);
    }

    [Fact]
    public void Widths_PadAndCut()
    {
        Assert.EndsWith("[cat  ][/etc]", Format("[%5proc.name][%4fd.name]", Open()).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexedAndKeyedFields_AreRendered()
    {
        var evt = Open().Ancestors("bash", "sshd").Set("evt.arg.flags", "O_RDONLY|O_CLOEXEC");
        var alert = Format("gp=%proc.aname[2] flags=%evt.arg.flags)", evt);
        Assert.EndsWith("gp=sshd flags=O_RDONLY|O_CLOEXEC)", alert.Output, StringComparison.Ordinal);
        Assert.Contains(alert.OutputFields, f => f.Key == "proc.aname[2]" && (string?)f.Value == "sshd");
        Assert.Contains(alert.OutputFields, f => f.Key == "evt.arg.flags");
    }

    [Fact]
    public void Transformers_InOutput()
    {
        Assert.EndsWith("CAT shadow", Format("%toupper(proc.name) %basename(fd.name)", Open()).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFields_AreTyped()
    {
        var alert = Format("fd=%fd.num name=%proc.name open=%evt.is_open_read", Open().Set("evt.is_open_read", true));
        using var doc = JsonDocument.Parse(FalcoJson.Serialize(alert));
        var fields = doc.RootElement.GetProperty("output_fields");
        Assert.Equal(3, fields.GetProperty("fd.num").GetInt64());
        Assert.Equal("cat", fields.GetProperty("proc.name").GetString());
        Assert.True(fields.GetProperty("evt.is_open_read").GetBoolean());
        Assert.Equal("Warning", doc.RootElement.GetProperty("priority").GetString());
        Assert.Equal(["a", "b"], doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("INFO", "Informational")]
    [InlineData("informational", "Informational")]
    [InlineData("Critical", "Critical")]
    [InlineData("EMERGENCY", "Emergency")]
    public void Priorities_UseFalcosLongNames(string written, string rendered)
    {
        var rule = Rule("x", written);
        Assert.Equal(rendered, PriorityNames.Name(rule.Priority));
    }

    [Fact]
    public void ExtraOutputAndFields_AreAppended()
    {
        var options = new OutputOptions
        {
            Hostname = "node-1",
            TimeZone = TimeZoneInfo.Utc,
            ExtraOutput = "container=%container.id",
            ExtraFields = ["k8s.ns.name"],
            StaticFields = new Dictionary<string, string> { ["hermes.cluster"] = "prod-eu" },
        };
        var alert = Format("file=%fd.name", Open().Set("container.id", "abc123").Set("k8s.ns.name", "payments"), options);
        Assert.EndsWith("file=/etc/shadow container=abc123", alert.Output, StringComparison.Ordinal);
        Assert.Contains(alert.OutputFields, f => f.Key == "k8s.ns.name" && (string?)f.Value == "payments");
        Assert.Contains(alert.OutputFields, f => f.Key == "hermes.cluster" && (string?)f.Value == "prod-eu");
        Assert.Equal("node-1", alert.Hostname);
    }

    [Fact]
    public void UntrustedText_IsEscapedInJson()
    {
        var alert = Format("cmd=%proc.cmdline", Open().Set("proc.cmdline", "sh -c \"echo \\\"hi\\\"\"\n<@channel>"));
        using var doc = JsonDocument.Parse(FalcoJson.Serialize(alert));
        Assert.EndsWith("cmd=sh -c \"echo \\\"hi\\\"\"\n<@channel>", doc.RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oops %", "formatting cannot end with a %")]
    [InlineData("oops %12", "formatting cannot end with a number")]
    [InlineData("x=%proc.nosuchfield", "invalid formatting token")]
    public void BadFormats_AreRejectedWithAReason(string format, string reason)
    {
        Assert.Null(OutputFormat.TryParse(format, out var error, out _));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
