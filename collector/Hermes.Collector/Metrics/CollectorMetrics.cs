using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Metrics;

/// <summary>
/// The collector's counters, written in Prometheus' text exposition format. Per-event counters are plain array
/// increments on the capture thread (no locks, no allocation); the scrape reads them with relaxed consistency.
/// </summary>
public sealed class CollectorMetrics
{
    private readonly long[] _eventsByType = new long[EventTypes.Count];
    private readonly ConcurrentDictionary<string, long> _alertsByRule = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _outputErrors = new(StringComparer.Ordinal);
    private long _kernelDrops;
    private long _alertsDropped;
    private long _reloads;
    private long _reloadFailures;

    /// <summary>Gauges sampled at scrape time (spool depth, ring buffer size): name → (help, value).</summary>
    public ConcurrentDictionary<string, (string Help, Func<double> Read)> Gauges { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one event of a type (called on the capture thread).</summary>
    public void CountEvent(int eventType)
    {
        if ((uint)eventType < (uint)_eventsByType.Length) _eventsByType[eventType]++;
    }

    public void CountAlert(string rule) => _alertsByRule.AddOrUpdate(rule, 1, (_, n) => n + 1);

    /// <summary>Alerts raised so far, all rules.</summary>
    public long TotalAlerts => _alertsByRule.Values.Sum();

    public void SetKernelDrops(long total) => Volatile.Write(ref _kernelDrops, total);

    public void CountAlertDropped() => Interlocked.Increment(ref _alertsDropped);

    public void CountOutputError(string output) => _outputErrors.AddOrUpdate(output, 1, (_, n) => n + 1);

    public void CountReload(bool succeeded)
    {
        Interlocked.Increment(ref _reloads);
        if (!succeeded) Interlocked.Increment(ref _reloadFailures);
    }

    /// <summary>Events captured of every type so far.</summary>
    public long TotalEvents => _eventsByType.Sum();

    /// <summary>The exposition text.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        Header(text, "hermes_collector_events_total", "counter", "Syscall events captured, by event type.");
        for (var code = 0; code < _eventsByType.Length; code++)
        {
            var count = Volatile.Read(ref _eventsByType[code]);
            if (count > 0) Sample(text, "hermes_collector_events_total", count, ("type", EventTypes.NameOf(code)));
        }
        Header(text, "hermes_collector_kernel_drops_total", "counter", "Events the kernel dropped because the ring buffer was full.");
        Sample(text, "hermes_collector_kernel_drops_total", Volatile.Read(ref _kernelDrops));
        Header(text, "hermes_collector_alerts_total", "counter", "Alerts raised, by rule.");
        foreach (var (rule, count) in _alertsByRule.OrderBy(p => p.Key, StringComparer.Ordinal))
            Sample(text, "hermes_collector_alerts_total", count, ("rule", rule));
        Header(text, "hermes_collector_alerts_dropped_total", "counter", "Alerts dropped because the outputs could not keep up.");
        Sample(text, "hermes_collector_alerts_dropped_total", Interlocked.Read(ref _alertsDropped));
        Header(text, "hermes_collector_output_errors_total", "counter", "Failed writes or deliveries, by output.");
        foreach (var (output, count) in _outputErrors.OrderBy(p => p.Key, StringComparer.Ordinal))
            Sample(text, "hermes_collector_output_errors_total", count, ("output", output));
        Header(text, "hermes_collector_rules_reloads_total", "counter", "Rules reloads attempted.");
        Sample(text, "hermes_collector_rules_reloads_total", Interlocked.Read(ref _reloads));
        Header(text, "hermes_collector_rules_reload_failures_total", "counter", "Rules reloads rejected (the previous rules stayed active).");
        Sample(text, "hermes_collector_rules_reload_failures_total", Interlocked.Read(ref _reloadFailures));
        foreach (var (name, (help, read)) in Gauges.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Header(text, name, "gauge", help);
            text.Append(name).Append(' ').Append(read().ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, long value, params (string Key, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(labels[i].Key).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    // Rule names are user text: backslash, quote and newline must be escaped in label values.
    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
