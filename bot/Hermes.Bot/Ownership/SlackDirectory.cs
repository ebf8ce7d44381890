using Hermes.Ownership.Slack;
using Hermes.Slack.Api;

namespace Hermes.Bot.Ownership;

/// <summary>Slack's users.lookupByEmail for the ownership service; Slack failures surface as upstream failures.</summary>
public sealed class SlackDirectory(SlackMethods slack) : IChatDirectory
{
    public string Name => "Slack";

    public async Task<string?> UserIdByEmailAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            return await slack.LookupByEmailAsync(email, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException e)
        {
            throw new HttpRequestException($"users.lookupByEmail: {e.Message}", e);
        }
    }
}
