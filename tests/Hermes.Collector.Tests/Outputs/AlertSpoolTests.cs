using Hermes.Collector.Outputs;
using Hermes.Rules.Engine;

namespace Hermes.Collector.Tests.Outputs;

public sealed class AlertSpoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-spool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AlertEnvelope Alert(string key, Priority priority) => new(key, priority, $"{{\"rule\":\"{key}\"}}");

    [Fact]
    public void Full_DropsLowestPriorityOldestFirst_AndCounts()
    {
        var spool = new AlertSpool(_dir, maxAlerts: 3, maxBytes: 1 << 20);
        Assert.True(spool.Enqueue(Alert("notice1", Priority.Notice)));
        Assert.True(spool.Enqueue(Alert("critical1", Priority.Critical)));
        Assert.True(spool.Enqueue(Alert("notice2", Priority.Notice)));
        Assert.True(spool.Enqueue(Alert("warning1", Priority.Warning))); // drops notice1
        Assert.True(spool.Enqueue(Alert("error1", Priority.Error)));     // drops notice2
        Assert.False(spool.Enqueue(Alert("debug1", Priority.Debug)));    // lower than everything queued: dropped itself

        Assert.Equal(["critical1", "warning1", "error1"], spool.Peek(10).Select(a => a.IdempotencyKey));
        Assert.Equal(2, spool.Dropped[Priority.Notice]);
        Assert.Equal(1, spool.Dropped[Priority.Debug]);
        Assert.Equal(3, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void Restart_RecoversInOrder_AndDiscardsHalfWrittenFiles()
    {
        var spool = new AlertSpool(_dir, 100, 1 << 20);
        for (var i = 0; i < 5; i++) spool.Enqueue(Alert($"k{i}", Priority.Warning));
        spool.Acknowledge([0, 1]);
        File.WriteAllText(Path.Combine(_dir, "0000000000000099.4.torn.alert.tmp"), "{\"ru");

        var recovered = new AlertSpool(_dir, 100, 1 << 20);
        Assert.Equal(["k2", "k3", "k4"], recovered.Peek(10).Select(a => a.IdempotencyKey));
        Assert.False(File.Exists(Path.Combine(_dir, "0000000000000099.4.torn.alert.tmp")));
        recovered.Enqueue(Alert("k5", Priority.Warning));
        Assert.Equal("k5", recovered.Peek(10)[^1].IdempotencyKey);
    }

    [Fact]
    public void ByteBound_IsEnforced()
    {
        var spool = new AlertSpool(_dir, 100, maxBytes: 40);
        spool.Enqueue(Alert("aaaa", Priority.Warning));
        spool.Enqueue(Alert("bbbb", Priority.Warning));
        spool.Enqueue(Alert("cccc", Priority.Warning));
        Assert.True(spool.Bytes <= 40);
        Assert.Equal("cccc", spool.Peek(10)[^1].IdempotencyKey);
    }
}
