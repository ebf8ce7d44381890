using Hermes.Ownership.Catalog;
using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary>
/// <c>hermes-bot owner resolve [--image IMAGE] [--digest D] [--namespace NS] [--pod POD] [--cluster C] [--label k=v]...
/// [--catalog PATH] [--json]</c>: the ownership answer and why, or "unowned" and what was tried. Sources are
/// configured as for the bot (<c>Ownership__*</c> environment variables); <c>--catalog</c> overrides the catalog.
/// Exit 0 owned, 1 unowned, 2 bad usage or a broken catalog.
/// </summary>
public static class OwnerResolveCommand
{
    private const string Usage = "usage: hermes-bot owner resolve [--image IMAGE] [--digest DIGEST] [--namespace NS] [--pod POD] [--cluster C] [--label k=v]... [--catalog PATH] [--json]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration config, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? image = null, digest = null, ns = null, pod = null, cluster = null, catalog = null;
        var labels = new List<string>();
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--image": image = Value(); break;
                    case "--digest": digest = Value(); break;
                    case "--namespace": ns = Value(); break;
                    case "--pod": pod = Value(); break;
                    case "--cluster": cluster = Value(); break;
                    case "--label": labels.Add(Value()); break;
                    case "--catalog": catalog = Value(); break;
                    case "--json": json = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"{e.Message}\n{Usage}");
                return 2;
            }
        }
        var (parsed, error) = OwnershipLookup.Labels(labels);
        if (error is not null || (image is null && ns is null && parsed.Count == 0))
        {
            stderr.WriteLine($"{error ?? "give at least one of --image, --namespace or --label"}\n{Usage}");
            return 2;
        }
        var options = OwnershipConfiguration.Options(config ?? throw new ArgumentNullException(nameof(config)));
        if (catalog is not null) options = options with { CatalogPath = catalog };
        if (options.CatalogPath is { } path)
        {
            var files = CatalogFile.Files(path);
            if (files.Count == 0)
            {
                stderr.WriteLine($"{path}: no such catalog file or folder");
                return 2;
            }
            // The bot keeps its last good catalog when the file breaks; a one-shot command says what is wrong instead.
            var (_, problems) = CatalogFile.Load(files);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) stderr.WriteLine(problem);
                return 2;
            }
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var service = Hermes.Ownership.OwnershipService.Create(options, TimeProvider.System, http);
        var answer = await service.ResolveAsync(new WorkloadRef(cluster, ns, pod, image, digest, parsed), CancellationToken.None).ConfigureAwait(false);
        stdout.WriteLine(json ? OwnershipLookup.ToJson(answer).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) : OwnershipLookup.Describe(answer));
        return answer.Owned ? 0 : 1;
    }
}
