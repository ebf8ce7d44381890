using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Hermes.Collector.Daemon;

/// <summary>
/// Tells the bot this collector is alive and how it is doing (events, kernel drops, alerts, rules, version), every
/// 30 s, next to the http output's URL (<c>…/api/v1/alerts</c> → <c>…/api/v1/collectors/heartbeat</c>), with the same
/// bearer token. Best effort: a lost heartbeat is only a late "last seen"; alerts have their own durable path.
/// </summary>
public sealed class HeartbeatSender(HttpClient http, Uri alertsUrl, string? token, string node, string? cluster)
{
    public static string Version { get; } =
        typeof(HeartbeatSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public Uri Url { get; } = new(alertsUrl, alertsUrl.AbsolutePath.EndsWith("/alerts", StringComparison.Ordinal) ? "collectors/heartbeat" : "/api/v1/collectors/heartbeat");

    /// <summary>Sends one heartbeat; false when the bot did not take it.</summary>
    public async Task<bool> SendAsync(long events, long drops, long alerts, int rules, TimeSpan uptime, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["node"] = node, ["cluster"] = cluster, ["version"] = Version, ["events"] = events, ["drops"] = drops, ["alerts"] = alerts,
            ["rules"] = rules, ["uptime_seconds"] = (long)uptime.TotalSeconds,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
