using Hermes.Rules.Engine;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Cli;

/// <summary><c>hermes-collector rules validate|describe FILE...</c>: load rules files as the daemon would, and report.</summary>
internal static class RulesCommand
{
    private const string Usage = "usage: hermes-collector rules validate|describe FILE...";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length < 2 || args[0] is not ("validate" or "describe"))
        {
            stderr.WriteLine(Usage);
            return 2;
        }
        var files = args[1..];
        var result = RuleLoader.LoadFiles(files);
        return args[0] == "validate" ? Validate(result, stdout) : Describe(result, stdout, stderr);
    }

    private static int Validate(LoadResult result, TextWriter stdout)
    {
        foreach (var file in result.Files)
        {
            var errors = result.Errors.Count(e => e.Location.File == file.File);
            stdout.WriteLine(errors == 0
                ? $"{file.File}: OK ({file.Rules} rules, {file.Macros} macros, {file.Lists} lists)"
                : $"{file.File}: {errors} error{(errors == 1 ? "" : "s")}");
        }
        foreach (var diagnostic in result.Diagnostics.OrderBy(d => d.Severity == DiagnosticSeverity.Error).ThenBy(d => d.Location.File, StringComparer.Ordinal)
                     .ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column))
            stdout.WriteLine(diagnostic.ToString());
        return result.Succeeded ? 0 : 1;
    }

    private static int Describe(LoadResult result, TextWriter stdout, TextWriter stderr)
    {
        foreach (var error in result.Errors) stderr.WriteLine(error.ToString());
        if (result.RuleSet is not { } rules) return 1;
        foreach (var rule in rules.Rules)
        {
            stdout.WriteLine(rule.Name);
            stdout.WriteLine($"  priority:    {PriorityNames.Name(rule.Priority)}");
            stdout.WriteLine($"  tags:        {string.Join(", ", rule.Tags)}");
            stdout.WriteLine($"  event types: {(rule.MatchesAllEventTypes ? "(all)" : string.Join(", ", rule.EventTypeNames))}");
            stdout.WriteLine($"  defined at:  {rule.Location}");
        }
        return 0;
    }
}
