namespace Hermes.Ownership.Kubernetes;

/// <summary>
/// Which pod and namespace labels/annotations say what (<c>Ownership:Kubernetes:*</c>). The first key present
/// wins; pod annotations are read before pod labels, then the namespace's.
/// </summary>
public sealed record KubernetesKeys
{
    public IReadOnlyList<string> Service { get; init; } = ["app.kubernetes.io/name", "app"];

    public IReadOnlyList<string> System { get; init; } = ["app.kubernetes.io/part-of"];

    /// <summary>Values: an email, <c>@org/team</c> or <c>@user</c> (GitHub), <c>user:name</c> or a group name (catalog).</summary>
    public IReadOnlyList<string> Owner { get; init; } = ["a8r.io/owner", "hermes.dev/owner", "owner", "team"];

    public IReadOnlyList<string> Channel { get; init; } = ["a8r.io/chat", "hermes.dev/channel"];

    public IReadOnlyList<string> Repository { get; init; } = ["a8r.io/repository", "hermes.dev/repository"];

    public IReadOnlyList<string> Criticality { get; init; } = ["hermes.dev/criticality"];
}
