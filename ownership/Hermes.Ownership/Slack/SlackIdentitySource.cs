using Hermes.Ownership.Caching;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Slack;

/// <summary>
/// The last people step: a person with an email and no Slack id (a catalog <c>slack.com/user-id</c> override
/// comes first) is looked up in the chat directory, cached (people rarely change email, "not found" is retried
/// sooner).
/// </summary>
public sealed class SlackIdentitySource : IPeopleSource
{
    private readonly IChatDirectory _directory;
    private readonly SourceCache<string, Identity> _cache;

    public SlackIdentitySource(IChatDirectory directory, CachePolicy policy, TimeProvider time)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _cache = new SourceCache<string, Identity>(policy, time);
    }

    public string Name => "slack";

    public async ValueTask<Owner> EnrichAsync(Owner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Kind != OwnerKind.Person || owner.SlackUserId is not null || owner.Email is not { } email) return owner;
        Cached<Identity> found;
        try
        {
            found = await _cache.GetAsync(email.ToLowerInvariant(), async (key, ct) =>
                await _directory.UserIdByEmailAsync(key, ct).ConfigureAwait(false) is { } id ? new Identity(id) : null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OwnershipSourceException($"{_directory.Name}: {e.Message}", e);
        }
        return found.Value is { } identity
            ? owner.Because($"{_directory.Name} users.lookupByEmail({email}) = {identity.UserId}{(found.Stale ? " (stale)" : "")}") with { SlackUserId = identity.UserId }
            : owner.Because($"{_directory.Name}: nobody has the email {email}");
    }

    public sealed record Identity(string UserId);
}
