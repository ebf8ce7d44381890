using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Chat;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Paging;

/// <summary>
/// PagerDuty Events API v2: <c>trigger</c> with <c>dedup_key</c> = the case (so a retried page is the same incident),
/// <c>resolve</c> with the same key when the case is resolved. The routing key follows the playbook's severity.
/// </summary>
public sealed class PagerDutyPager(HttpClient http, IOptions<PagingOptions> options) : IPagerPort
{
    private PagerDutyOptions Settings => options.Value.PagerDuty;

    public Task PageAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var details = page.DetailsJson();
        details["on_call"] = page.OnCall;
        return SendAsync(new JsonObject
        {
            ["routing_key"] = RoutingKey(page.Severity),
            ["event_action"] = "trigger",
            ["dedup_key"] = page.DedupKey,
            ["payload"] = new JsonObject
            {
                ["summary"] = page.Summary.Length <= 1024 ? page.Summary : page.Summary[..1023] + "…",
                ["source"] = "hermes",
                ["severity"] = page.Severity switch { "critical" => "critical", "high" => "error", "medium" => "warning", _ => "info" },
                ["component"] = details["workload"]?.GetValue<string>(),
                ["class"] = details["rule"]?.GetValue<string>(),
                ["custom_details"] = details,
            },
        }, cancellationToken);
    }

    public Task ResolveAsync(long caseId, string note, CancellationToken cancellationToken) =>
        // The resolve goes to every configured key: the page's severity (so its key) is not stored with the case.
        Task.WhenAll(Settings.RoutingKeys.Values.Distinct().Select(key => SendAsync(new JsonObject
        {
            ["routing_key"] = key,
            ["event_action"] = "resolve",
            ["dedup_key"] = Page.DedupKeyFor(caseId),
        }, cancellationToken)));

    private string RoutingKey(string severity) =>
        Settings.RoutingKeys.TryGetValue(severity, out var key) || Settings.RoutingKeys.TryGetValue("default", out key)
            ? key
            : throw new ChatPermanentException($"Paging:PagerDuty:RoutingKeys has no key for severity '{severity}' and no default");

    private async Task SendAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(Settings.Url, body, cancellationToken).ConfigureAwait(false);
        // 202 accepted; 400 is a malformed event (retrying sends it again); 429 and 5xx are worth retrying.
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
            throw new ChatPermanentException($"PagerDuty refused the event: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        response.EnsureSuccessStatusCode();
    }
}
