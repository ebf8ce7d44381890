using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Registry;

/// <summary>
/// The fallback when images carry no labels: naming conventions (<c>Ownership:NamingConventions</c>) such as
/// <c>registry.example.com/{team}/{service}</c> or <c>*/{team}/{service}</c>, matched segment by segment against
/// the image's registry and repository (<c>*</c> matches any one segment). <c>{team}</c> is a catalog group,
/// <c>{service}</c> the service and <c>{system}</c> the system. The first convention that matches wins.
/// </summary>
public sealed class NamingConventionSource : IOwnershipSource
{
    private readonly IReadOnlyList<string> _conventions;

    public NamingConventionSource(IReadOnlyList<string> conventions)
    {
        _conventions = conventions ?? throw new ArgumentNullException(nameof(conventions));
        foreach (var convention in conventions)
            if (!convention.Contains("{service}", StringComparison.Ordinal) && !convention.Contains("{team}", StringComparison.Ordinal))
                throw new ArgumentException($"naming convention '{convention}' names neither {{service}} nor {{team}}", nameof(conventions));
    }

    public string Name => "naming";

    public ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (_conventions.Count == 0) return ValueTask.FromResult(SourceResult.Nothing("no naming conventions configured"));
        if (!ImageReference.TryParse(workload.Image, out var image)) return ValueTask.FromResult(SourceResult.Nothing("no image to match naming conventions against"));
        var segments = $"{image.Registry}/{image.Repository}".Split('/');
        foreach (var convention in _conventions)
        {
            var pattern = convention.Split('/');
            if (pattern.Length != segments.Length) continue;
            var captured = new Dictionary<string, string>();
            var ok = true;
            for (var i = 0; i < pattern.Length && ok; i++)
            {
                if (pattern[i].StartsWith('{') && pattern[i].EndsWith('}')) captured[pattern[i][1..^1]] = segments[i];
                else ok = Glob.Of(pattern[i]).Matches(segments[i]);
            }
            if (!ok) continue;
            var why = $"image {image.Registry}/{image.Repository} matches naming convention '{convention}'";
            Claim<string>? Take(string key) => captured.TryGetValue(key, out var v) ? new Claim<string>(v, Name, why) : null;
            var facts = new OwnershipFacts
            {
                Service = Take("service"),
                System = Take("system"),
                Owners = captured.TryGetValue("team", out var team) ? new Claim<IReadOnlyList<Owner>>([Owner.Team($"group:{team}", "catalog")], Name, why) : null,
            };
            return ValueTask.FromResult(new SourceResult(facts, why));
        }
        return ValueTask.FromResult(SourceResult.Nothing($"image {image.Registry}/{image.Repository} matches none of {_conventions.Count} naming convention(s)"));
    }
}
