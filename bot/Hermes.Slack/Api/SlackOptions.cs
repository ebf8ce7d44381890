namespace Hermes.Slack.Api;

/// <summary>The <c>Slack</c> section. A bot token turns the Slack transport on (instead of the web console).</summary>
public sealed record SlackOptions
{
    /// <summary><c>xoxb-…</c>: the bot token the Web API calls use.</summary>
    public string? BotToken { get; init; }

    /// <summary><c>xapp-…</c>: an app-level token with connections:write turns on Socket Mode (no public endpoint needed).</summary>
    public string? AppToken { get; init; }

    /// <summary>The app's signing secret: inbound requests are refused without it.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>Slack's Web API root; GovSlack and the tests' double set their own.</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://slack.com/api/");

    /// <summary>How many times a rate-limited (429) or unavailable (5xx) call is tried in all.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The longest Retry-After honoured; a longer one fails the call (the effect worker retries later).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a slash command may take before it is answered later through its response_url (Slack allows 3 s).</summary>
    public TimeSpan CommandBudget { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Slack allows about one message per second per channel; posts to one channel are spaced this far apart.</summary>
    public TimeSpan ChannelSpacing { get; init; } = TimeSpan.FromSeconds(1);
}
