namespace Hermes.Ownership.Slack;

/// <summary>The chat workspace's directory: who has this email (Slack's users.lookupByEmail). Null when nobody.</summary>
public interface IChatDirectory
{
    string Name { get; }

    Task<string?> UserIdByEmailAsync(string email, CancellationToken cancellationToken);
}
