using Hermes.Bot.Intake;
using Prometheus;

namespace Hermes.Bot.Metrics;

/// <summary>The bot's Prometheus metrics (served at <c>/metrics</c>), named hermes_bot_*.</summary>
public sealed class BotMetrics : Hermes.Slack.Api.ISlackCallObserver
{
    private static readonly Counter Alerts = Prometheus.Metrics.CreateCounter(
        "hermes_bot_alerts_total", "Alerts received, by outcome (stored, duplicate, suppressed, rejected_auth, rejected_invalid, rejected_size).", "outcome");

    private static readonly Counter Effects = Prometheus.Metrics.CreateCounter(
        "hermes_bot_effects_total", "Effects run after commit, by kind and result (done, retry, failed, dry_run).", "kind", "result");

    private static readonly Counter Transitions = Prometheus.Metrics.CreateCounter(
        "hermes_bot_case_transitions_total", "Case state transitions, by destination state.", "to");

    private static readonly Counter SlackCalls = Prometheus.Metrics.CreateCounter(
        "hermes_bot_slack_calls_total", "Slack Web API calls, by method and result (ok, or Slack's error code such as rate_limited, unreachable).", "method", "result");

    private static readonly Counter ElasticsearchDocuments = Prometheus.Metrics.CreateCounter(
        "hermes_bot_elasticsearch_documents_total", "Documents exported to Elasticsearch, by stream (findings, cases) and result (indexed, rejected, retry).", "stream", "result");

    private static readonly Counter ElasticsearchFailures = Prometheus.Metrics.CreateCounter(
        "hermes_bot_elasticsearch_failures_total", "Export rounds that failed (Elasticsearch unreachable, refusing, or asking to retry).");

    private static readonly Gauge Pending = Prometheus.Metrics.CreateGauge(
        "hermes_bot_effects_pending", "Effects waiting to run (outbox depth), as of the worker's last pass.");

    public void AlertsReceived(IntakeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Alerts.WithLabels("stored").Inc(result.Stored - result.Suppressed);
        Alerts.WithLabels("duplicate").Inc(result.Duplicates);
        Alerts.WithLabels("suppressed").Inc(result.Suppressed);
    }

    public void AlertsRejected(string reason) => Alerts.WithLabels("rejected_" + reason).Inc();

    public void Effect(string kind, string result) => Effects.WithLabels(kind, result).Inc();

    public void Transition(string to) => Transitions.WithLabels(to).Inc();

    public void EffectsPending(long count) => Pending.Set(count);

    public void ElasticsearchDocument(string stream, string result) => ElasticsearchDocuments.WithLabels(stream, result).Inc();

    public void ElasticsearchFailure() => ElasticsearchFailures.Inc();

    public void Completed(string method, string result) => SlackCalls.WithLabels(method, result).Inc();
}
