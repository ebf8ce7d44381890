namespace Hermes.Ownership.Model;

public enum OwnerKind
{
    Person,
    Team,
}

/// <summary>
/// An owner as a source named it (<c>@acme/payments</c>, <c>user:alice</c>, <c>alice@acme.com</c>), then enriched:
/// a team's members, a person's email and Slack user id, each step recorded in <see cref="Why"/>.
/// </summary>
/// <param name="Name">The handle as the source knows it: a GitHub login, a <c>org/team</c> slug, a catalog name.</param>
/// <param name="Origin">Which source's namespace <paramref name="Name"/> lives in ("github", "catalog", "email").</param>
public sealed record Owner(
    OwnerKind Kind,
    string Name,
    string Origin,
    string? Email = null,
    string? SlackUserId = null,
    IReadOnlyList<Owner>? Members = null,
    IReadOnlyList<string>? Why = null)
{
    public IReadOnlyList<Owner> MembersOrEmpty => Members ?? [];

    public IReadOnlyList<string> WhyOrEmpty => Why ?? [];

    public Owner Because(string why) => this with { Why = [.. WhyOrEmpty, why] };

    /// <summary>The people behind this owner: itself, or a team's members (the team itself when it has none known).</summary>
    public IEnumerable<Owner> People() => Kind == OwnerKind.Person ? [this] : MembersOrEmpty.SelectMany(m => m.People());

    public static Owner Person(string name, string origin, string? email = null) => new(OwnerKind.Person, name, origin, email);

    public static Owner Team(string name, string origin) => new(OwnerKind.Team, name, origin);

    /// <summary>A CODEOWNERS-style owner: <c>@user</c>, <c>@org/team</c> or an email address.</summary>
    public static Owner FromCodeOwners(string text) =>
        text.StartsWith('@') ? text.Contains('/', StringComparison.Ordinal) ? Team(text[1..], "github") : Person(text[1..], "github")
        : Person(text, "email", text);

    public override string ToString() => Kind == OwnerKind.Team ? $"team {Name}" : Email is null || Email == Name ? Name : $"{Name} <{Email}>";
}
