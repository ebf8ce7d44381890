using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Hermes.Slack.Api;

/// <summary>
/// Slack's Web API over HttpClient: form-encoded POSTs (every method accepts them; JSON-valued arguments such as
/// <c>blocks</c> travel as JSON strings, as Slack documents), the bot token as a bearer header. <c>ok: false</c>
/// becomes a <see cref="SlackApiException"/>; 429 waits for Retry-After and 5xx backs off, both bounded by
/// <see cref="SlackOptions.MaxAttempts"/>; permanent errors are never retried.
/// </summary>
public sealed class SlackApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ISlackCallObserver? observer = null)
{
    private readonly SlackOptions _options = options.Value;

    /// <summary>
    /// Calls <paramref name="method"/> with <paramref name="args"/> (null values are left out); returns Slack's answer.
    /// The bot token authenticates, unless <paramref name="token"/> is given (Socket Mode's app-level token).
    /// </summary>
    public async Task<JsonObject> CallAsync(string method, IReadOnlyDictionary<string, string?> args, CancellationToken cancellationToken, string? token = null)
    {
        try
        {
            var answer = await SendAsync(method, args, token, cancellationToken).ConfigureAwait(false);
            observer?.Completed(method, "ok");
            return answer;
        }
        catch (SlackApiException e)
        {
            observer?.Completed(method, e.Error);
            throw;
        }
    }

    private async Task<JsonObject> SendAsync(string method, IReadOnlyDictionary<string, string?> args, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        token ??= _options.BotToken ?? throw new SlackApiException(method, "not_authed", permanent: true, "Slack:BotToken is not configured");
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ApiBaseUrl, method))
            {
                Content = new FormUrlEncodedContent(args.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, string>(a.Key, a.Value!))),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            TimeSpan wait;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    if (wait > _options.MaxRetryAfter || attempt >= _options.MaxAttempts)
                        throw new SlackApiException(method, "rate_limited", permanent: false, $"Retry-After {wait.TotalSeconds:0}s");
                }
                else if ((int)response.StatusCode >= 500)
                {
                    if (attempt >= _options.MaxAttempts) throw new SlackApiException(method, $"http_{(int)response.StatusCode}", permanent: false);
                    wait = Backoff(attempt);
                }
                else
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    var answer = Parse(method, body, response.StatusCode);
                    if (answer["ok"]?.GetValue<bool>() == true) return answer;
                    throw SlackApiException.From(method, answer["error"]?.GetValue<string>() ?? "unknown_error",
                        answer["response_metadata"]?["messages"]?.ToJsonString());
                }
            }
            catch (HttpRequestException) when (attempt < _options.MaxAttempts)
            {
                wait = Backoff(attempt);
            }
            catch (HttpRequestException e)
            {
                throw new SlackApiException(method, "unreachable", permanent: false, e.Message);
            }
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));

    private static JsonObject Parse(string method, string body, HttpStatusCode status)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new SlackApiException(method, "invalid_response", permanent: false, $"HTTP {(int)status}, not Slack's JSON");
        }
    }
}
