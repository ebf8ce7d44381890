namespace Hermes.Ownership.GitHub;

/// <summary>
/// <c>Ownership:GitHub:*</c>. <see cref="Url"/> is <c>https://github.com</c> or a GitHub Enterprise server (its API
/// is under <c>/api/v3/</c>). Authenticate with a <see cref="Token"/>, or as a GitHub App (<see cref="AppId"/>,
/// <see cref="PrivateKeyPath"/>, <see cref="InstallationId"/>). <see cref="DefaultPath"/> is the file CODEOWNERS is
/// asked about when the service's folder is unknown (inside the folder when it is known).
/// </summary>
public sealed record GitHubOptions
{
    /// <summary>Ask GitHub even without credentials (public repositories, low rate limit).</summary>
    public bool Enabled { get; init; }

    public string Url { get; init; } = "https://github.com";

    public string? Token { get; init; }

    public long? AppId { get; init; }

    public string? PrivateKeyPath { get; init; }

    public long? InstallationId { get; init; }

    public string DefaultPath { get; init; } = "Dockerfile";

    public bool IsConfigured => Enabled || Token is { Length: > 0 } || AppId is not null;

    /// <summary>The repository host this GitHub serves (<c>github.com</c>, or the Enterprise server's host).</summary>
    public string Host => new Uri(Url).Authority;
}
