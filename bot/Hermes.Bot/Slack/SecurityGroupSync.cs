using Hermes.Bot.Conversation;
using Hermes.Slack.Api;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Slack;

/// <summary>Keeps <see cref="SecurityDirectory"/> in step with the Slack user group named by <c>Security:SlackUserGroup</c>.</summary>
public sealed partial class SecurityGroupSync(SlackMethods slack, SecurityDirectory directory, IOptions<SecurityTeam> security,
    IOptions<SlackOptions> slackOptions, ILogger<SecurityGroupSync> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = security.Value.SlackUserGroup;
        if (string.IsNullOrEmpty(group) || string.IsNullOrEmpty(slackOptions.Value.BotToken)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var members = await slack.UsergroupUsersAsync(group, stoppingToken).ConfigureAwait(false);
                directory.SetGroupMembers(members);
                LogSynced(group, members.Count);
            }
            catch (SlackApiException e)
            {
                LogFailed(group, e.Message);
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Security team: {Count} member(s) of Slack user group {Group}")]
    private partial void LogSynced(string group, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security team: could not read Slack user group {Group}, keeping the previous members: {Error}")]
    private partial void LogFailed(string group, string error);
}
