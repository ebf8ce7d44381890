namespace Hermes.Bot.Chat;

/// <summary>Pages the security on-call. The console records pages; PagerDuty comes with the Slack/escalation work.</summary>
public interface IPagerPort
{
    Task PageAsync(string onCall, string summary, string severity, string idempotencyKey, long caseId, CancellationToken cancellationToken);
}
