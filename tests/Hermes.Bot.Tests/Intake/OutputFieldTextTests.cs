using System.Text.Json;
using Hermes.Bot.Intake;

namespace Hermes.Bot.Tests.Intake;

public class OutputFieldTextTests
{
    private const string Fields = """{"proc.name":"bash","proc.pid":4242,"fd.name":null,"k8s.pod.labels":{"app":"web"},"evt.is_open_read":true}""";

    [Fact]
    public void Lazy_ReadsTheSameValuesAsACopy()
    {
        using var doc = JsonDocument.Parse(Fields);
        var all = OutputFieldText.All(doc.RootElement);
        var lazy = OutputFieldText.Lazy(doc.RootElement);
        Assert.Equal(all.Count, lazy.Count);
        Assert.Equal(all.OrderBy(f => f.Key), lazy.OrderBy(f => f.Key));
        Assert.Equal("4242", lazy["proc.pid"]);
        Assert.Equal("true", lazy["evt.is_open_read"]);
        Assert.True(lazy.TryGetValue("fd.name", out var missing) && missing is null);
        Assert.False(lazy.ContainsKey("proc.cmdline"));
        Assert.Throws<KeyNotFoundException>(() => lazy["proc.cmdline"]);
    }

    [Fact]
    public void Lazy_OverANonObject_IsEmpty()
    {
        using var doc = JsonDocument.Parse("[1,2]");
        Assert.Empty(OutputFieldText.Lazy(doc.RootElement));
    }
}
