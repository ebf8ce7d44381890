using System.Net.Http.Headers;
using System.Text;

namespace Hermes.Bot.Tests.Support;

/// <summary>Posts a Falco JSON alert to a bot's intake as the collector does (BotFactory's collector token).</summary>
public static class AlertPosts
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "collector-token");
        return await client.SendAsync(request);
    }
}
