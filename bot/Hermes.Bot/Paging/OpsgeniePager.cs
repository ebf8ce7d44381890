using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Chat;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Paging;

/// <summary>
/// Opsgenie's Alert API: create with <c>alias</c> = the case (Opsgenie deduplicates open alerts by alias), close by
/// alias when the case is resolved. Authenticated with <c>Authorization: GenieKey …</c>.
/// </summary>
public sealed class OpsgeniePager(HttpClient http, IOptions<PagingOptions> options) : IPagerPort
{
    private OpsgenieOptions Settings => options.Value.Opsgenie;

    public Task PageAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var details = page.DetailsJson();
        return SendAsync("v2/alerts", new JsonObject
        {
            ["message"] = page.Summary.Length <= 130 ? page.Summary : page.Summary[..129] + "…",
            ["alias"] = page.DedupKey,
            ["description"] = page.Summary.Length <= 15000 ? page.Summary : page.Summary[..15000],
            ["responders"] = new JsonArray(new JsonObject { ["name"] = page.OnCall, ["type"] = "schedule" }),
            ["source"] = "hermes",
            ["priority"] = page.Severity switch { "critical" => "P1", "high" => "P2", "medium" => "P3", _ => "P5" },
            ["details"] = details,
        }, cancellationToken);
    }

    public Task ResolveAsync(long caseId, string note, CancellationToken cancellationToken) =>
        SendAsync($"v2/alerts/{Page.DedupKeyFor(caseId)}/close?identifierType=alias", new JsonObject { ["source"] = "hermes", ["note"] = note }, cancellationToken);

    private async Task SendAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Settings.Url, path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey",
            Settings.ApiKey ?? throw new ChatPermanentException("Paging:Opsgenie:ApiKey is not configured"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            throw new ChatPermanentException($"Opsgenie refused the request ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        response.EnsureSuccessStatusCode();
    }
}
