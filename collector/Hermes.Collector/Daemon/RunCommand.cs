using System.Runtime.InteropServices;
using Hermes.Collector.Capture;
using Hermes.Collector.Config;
using Hermes.Collector.Containers;
using Hermes.Collector.Metrics;
using Hermes.Collector.Outputs;
using Hermes.Collector.Probe;
using Hermes.Collector.Rules;
using Hermes.Collector.State;
using Hermes.Rules.Engine;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Daemon;

/// <summary>
/// <c>hermes-collector run --rules FILE [--rules FILE]... [--output stdout|file:PATH|http:URL]... [--config FILE]</c>:
/// the node daemon. Stdout carries only alerts (Falco JSON lines); everything else goes to stderr.
/// </summary>
internal static class RunCommand
{
    private const string Usage = "usage: hermes-collector run --rules FILE [--rules FILE]... [--output stdout|file:PATH|http:URL]... [--config FILE]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var rules = new List<string>();
        var outputs = new List<string>();
        string? configPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--rules" when value is not null: rules.Add(value); i++; break;
                case "--output" when value is not null: outputs.Add(value); i++; break;
                case "--config" when value is not null: configPath = value; i++; break;
                default:
                    await stderr.WriteLineAsync($"hermes-collector run: unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        CollectorConfig config;
        try
        {
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
            config = CollectorConfigLoader.Load(configPath, environment);
        }
        catch (CollectorConfigException e)
        {
            await stderr.WriteLineAsync($"hermes-collector: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        if (config.LogFormat == "json") stderr = new JsonLogWriter(stderr, TimeProvider.System);
        config = config with
        {
            RulesFiles = rules.Count > 0 ? rules : config.RulesFiles,
            Outputs = outputs.Count > 0 ? outputs : config.Outputs.Count > 0 ? config.Outputs : ["stdout"],
        };
        if (config.RulesFiles.Count == 0)
        {
            await stderr.WriteLineAsync($"hermes-collector run: no rules files\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var metrics = new CollectorMetrics();
        using var reloader = new RulesReloader(config.RulesFiles);
        reloader.Loaded += result => Report(result, metrics, stderr);
        if (!reloader.Reload().Succeeded) return 1;

        // One client for alerts and heartbeats, trusting what http_ca_file says (checked when the configuration loaded).
        using var http = new HttpClient(HttpTrust.CreateHandler(config.HttpCaFile));
        IReadOnlyList<IAlertOutput> sinks;
        try
        {
            sinks = OutputFactory.Create(config.Outputs, config, stdout, http);
        }
        catch (CollectorConfigException e)
        {
            await stderr.WriteLineAsync($"hermes-collector: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        foreach (var output in sinks.OfType<HttpOutput>())
            metrics.Gauges["hermes_collector_spool_alerts"] = ("Alerts waiting in the http output's spool.", () => output.Spool.Count);

        var factory = new AlertEnvelopeFactory(AlertEnvelopeFactory.ContextOptions(config.Hostname, config.Cluster, config.Region, config.Node) with
        {
            TimeFormatIso8601 = config.TimeFormatIso8601,
        });
        var matching = config.RuleMatching == "all" ? RuleMatching.All : RuleMatching.First;
        var pipeline = new AlertPipeline(() => reloader.Active, matching, factory, sinks, metrics, config.Hostname);

        var runtimes = ContainerRuntimes.Open(config.ContainerRuntimes, TimeSpan.FromMilliseconds(500));
        using var containers = new ContainerMetadataCache(runtimes);
        await stderr.WriteLineAsync(runtimes.Count == 0
            ? "hermes-collector: no container runtime socket found; container fields will carry ids only"
            : $"hermes-collector: container metadata from {string.Join(", ", runtimes.Select(r => r.Endpoint))}").ConfigureAwait(false);
        using var names = new DomainNames(TimeSpan.FromSeconds(10));
        _ = names.WatchAsync(reloader.Active!); // resolving must not hold up capture: an unreachable DNS server takes seconds
        CaptureSession session;
        try
        {
            session = CaptureSession.Start(CaptureSession.SyscallsFor(reloader.Active), (_, source) => pipeline.OnEvent(source),
                config.Hostname, containers.Get, config.RingBufferBytes, names, CaptureSession.RulesWantFor(reloader.Active));
        }
        catch (ProbeUnavailableException e)
        {
            await stderr.WriteLineAsync($"hermes-collector: {e.Message}").ConfigureAwait(false);
            await pipeline.DisposeAsync().ConfigureAwait(false);
            return 1;
        }

        // A reload may name other event types and other domain names: the kernel's allow-list and the resolved names follow.
        reloader.Loaded += result =>
        {
            if (result.RuleSet is not { } loaded) return;
            session.CaptureFor(loaded);
            _ = names.WatchAsync(loaded);
        };
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            reloader.Reload();
        });
        reloader.WatchFiles(TimeSpan.FromMilliseconds(500));
        MetricsServer? server = null;
        if (config.MetricsAddress.Length > 0)
            server = new MetricsServer(config.MetricsAddress, metrics, () => (true, $"capturing: {session.Events} events, {session.Drops} dropped"));
        await stderr.WriteLineAsync($"hermes-collector: capturing with {reloader.Active!.Rules.Count} rules; outputs: {string.Join(", ", config.Outputs)}").ConfigureAwait(false);

        long reportedDrops = 0, reportedEvents = 0;
        var heartbeats = sinks.OfType<HttpOutput>().Select(o => new HeartbeatSender(http, o.Url, config.HttpToken, config.Node ?? config.Hostname, config.Cluster)).ToList();
        var started = DateTimeOffset.UtcNow;
        var beat = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                var drops = session.Drops;
                var events = session.Events;
                if (beat++ % 30 == 0)
                    foreach (var heartbeat in heartbeats)
                        await heartbeat.SendAsync(events, drops, metrics.TotalAlerts, reloader.Active?.Rules.Count ?? 0, DateTimeOffset.UtcNow - started, cancellationToken).ConfigureAwait(false);
                metrics.SetKernelDrops(drops);
                if (drops > reportedDrops)
                    pipeline.ReportKernelDrops(drops - reportedDrops, events - reportedEvents, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
                reportedDrops = drops;
                reportedEvents = events;
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or SIGINT: stop capturing, deliver what is queued.
        }
        session.Dispose();
        await pipeline.DisposeAsync().ConfigureAwait(false);
        foreach (var output in sinks) await output.DisposeAsync().ConfigureAwait(false);
        if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
        await stderr.WriteLineAsync("hermes-collector: stopped").ConfigureAwait(false);
        return 0;
    }

    private static void Report(LoadResult result, CollectorMetrics metrics, TextWriter stderr)
    {
        metrics.CountReload(result.Succeeded);
        foreach (var diagnostic in result.Diagnostics) stderr.WriteLine(diagnostic.ToString());
        if (!result.Succeeded) stderr.WriteLine("hermes-collector: rules not loaded; the previous rules stay active");
    }
}
