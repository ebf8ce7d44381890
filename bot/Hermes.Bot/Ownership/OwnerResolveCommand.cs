using Microsoft.Extensions.Logging.Abstractions;

namespace Hermes.Bot.Ownership;

/// <summary>
/// <c>hermes-bot owner resolve --image IMAGE [--namespace NS] [--pod POD] [--label k=v]... [--catalog PATH] [--json]</c>:
/// the ownership answer and why, or "unowned" and what was tried. The catalog defaults to Ownership__CatalogPath.
/// </summary>
public static class OwnerResolveCommand
{
    private const string Usage = "usage: hermes-bot owner resolve [--image IMAGE] [--namespace NS] [--pod POD] [--label k=v]... [--catalog PATH] [--json]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? image = null, ns = null, pod = null, catalog = Environment.GetEnvironmentVariable("Ownership__CatalogPath");
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
                    case "--namespace": ns = Value(); break;
                    case "--pod": pod = Value(); break;
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
        if (catalog is not null && !File.Exists(catalog))
        {
            stderr.WriteLine($"{catalog}: no such catalog file");
            return 2;
        }
        try
        {
            // The bot keeps its last good catalog when the file breaks; a one-shot command says so instead.
            if (catalog is not null) CatalogOwnership.Parse(File.ReadAllText(catalog));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException or InvalidOperationException or InvalidCastException)
        {
            stderr.WriteLine($"{catalog}: not a valid catalog: {e.Message}");
            return 2;
        }
        var answer = await OwnershipLookup.ResolveAsync(new CatalogOwnership(catalog, NullLogger<CatalogOwnership>.Instance), image, ns, pod, parsed, CancellationToken.None).ConfigureAwait(false);
        stdout.WriteLine(json ? answer.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) : OwnershipLookup.Describe(answer));
        return answer["owned"]!.GetValue<bool>() ? 0 : 1;
    }
}
