using Hermes.Ownership;
using Hermes.Ownership.Slack;

namespace Hermes.Bot.Ownership;

/// <summary>Builds the ownership service from the <c>Ownership</c> configuration section (the bot and its CLI share this).</summary>
public static class OwnershipConfiguration
{
    public static OwnershipOptions Options(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.GetSection("Ownership").Get<OwnershipOptions>() ?? new OwnershipOptions();
    }

    public static OwnershipService Create(IConfiguration config, TimeProvider time, HttpClient http, IChatDirectory? chat) =>
        OwnershipService.Create(Options(config), time, http, chat);
}
