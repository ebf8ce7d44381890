using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Hermes.Collector.Metrics;
using Hermes.Collector.Outputs;
using Hermes.Rules.Engine;
using Hermes.Rules.Fields;
using Hermes.Rules.Output;

namespace Hermes.Collector.Daemon;

/// <summary>
/// From events to outputs. <see cref="OnEvent"/> runs on the capture thread: it counts the event, evaluates the
/// active rules and, for the rare event that fires, renders the alert and hands it to a bounded queue; a separate
/// task writes queued alerts to every output, so a slow output never stalls the capture.
/// </summary>
public sealed class AlertPipeline : IAsyncDisposable
{
    private readonly Func<RuleSet?> _rules;
    private readonly RuleMatching _matching;
    private readonly AlertEnvelopeFactory _factory;
    private readonly IReadOnlyList<IAlertOutput> _outputs;
    private readonly CollectorMetrics _metrics;
    private readonly string _hostname;
    private readonly Channel<AlertEnvelope> _queue;
    private readonly List<CompiledRule> _matches = [];
    private readonly Task _writer;

    public AlertPipeline(Func<RuleSet?> rules, RuleMatching matching, AlertEnvelopeFactory factory,
        IReadOnlyList<IAlertOutput> outputs, CollectorMetrics metrics, string hostname, int queueCapacity = 10_000)
    {
        _rules = rules;
        _matching = matching;
        _factory = factory;
        _outputs = outputs;
        _metrics = metrics;
        _hostname = hostname;
        _queue = Channel.CreateBounded<AlertEnvelope>(new BoundedChannelOptions(queueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Evaluates one event (capture thread; allocates only when a rule fires).</summary>
    public void OnEvent(IEventSource evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _metrics.CountEvent(evt.EventType);
        if (_rules() is not { } rules) return;
        if (_matching == RuleMatching.First)
        {
            if (rules.MatchFirst(evt) is { } rule) Raise(rule, evt);
            return;
        }
        rules.MatchAll(evt, _matches);
        foreach (var rule in _matches) Raise(rule, evt);
    }

    private void Raise(CompiledRule rule, IEventSource evt)
    {
        _metrics.CountAlert(rule.Name);
        if (!_queue.Writer.TryWrite(_factory.Create(rule, evt))) _metrics.CountAlertDropped();
    }

    /// <summary>
    /// Reports events the kernel dropped since the last report with a Falco-style internal alert
    /// (<c>source: internal</c>), so a blind spot is never silent.
    /// </summary>
    public void ReportKernelDrops(long dropped, long events, long timeNanoseconds)
    {
        if (dropped <= 0) return;
        var key = Guid.CreateVersion7().ToString("N");
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["hostname"] = _hostname,
            ["output"] = $"Falco internal: syscall event drop. {dropped} system calls dropped in last second.",
            ["output_fields"] = new Dictionary<string, object>
            {
                ["ebpf_enabled"] = "1",
                ["n_drops"] = dropped.ToString(CultureInfo.InvariantCulture),
                ["n_evts"] = events.ToString(CultureInfo.InvariantCulture),
                [AlertEnvelopeFactory.IdempotencyKeyField] = key,
            },
            ["priority"] = PriorityNames.Name(Priority.Critical),
            ["rule"] = "Falco internal: syscall event drop",
            ["source"] = "internal",
            ["tags"] = Array.Empty<string>(),
            ["time"] = FieldRenderer.IsoUtc(timeNanoseconds),
        });
        if (!_queue.Writer.TryWrite(new AlertEnvelope(key, Priority.Critical, json))) _metrics.CountAlertDropped();
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var output in _outputs)
            {
                try
                {
                    await output.WriteAsync(alert, CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    _metrics.CountOutputError(output.Name);
                }
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
