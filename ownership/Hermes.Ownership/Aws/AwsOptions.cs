namespace Hermes.Ownership.Aws;

/// <summary>
/// <c>Ownership:Aws:*</c>. Off unless <see cref="Enabled"/>. Credentials come from AWSSDK.Core's chain
/// (environment, profile, web identity, container or instance role). <see cref="Endpoint"/> overrides every AWS
/// endpoint (a VPC endpoint proxy, or a test double). Which tags mean what is <see cref="TagKeys"/>.
/// </summary>
public sealed record AwsOptions
{
    public bool Enabled { get; init; }

    public string? Endpoint { get; init; }

    /// <summary>Read the account's tags from AWS Organizations (needs organizations:ListTagsForResource).</summary>
    public bool AccountTags { get; init; } = true;

    public AwsTagKeys TagKeys { get; init; } = new();
}

public sealed record AwsTagKeys
{
    public IReadOnlyList<string> Service { get; init; } = ["service", "app"];

    public IReadOnlyList<string> Owner { get; init; } = ["owner", "team"];

    public IReadOnlyList<string> Channel { get; init; } = ["slack-channel"];

    public IReadOnlyList<string> Repository { get; init; } = ["repository", "source"];

    public IReadOnlyList<string> Criticality { get; init; } = ["criticality", "tier"];
}
