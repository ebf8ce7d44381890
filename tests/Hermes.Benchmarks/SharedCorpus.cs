namespace Hermes.Benchmarks;

/// <summary>Finds ../shared/corpus from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class SharedCorpus
{
    public static string OfficialRules => Path.Combine(Root(), "corpus", "falco", "rules", "falco_rules.yaml");

    private static string Root()
    {
        var env = Environment.GetEnvironmentVariable("HERMES_SHARED");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "shared", "corpus"))) return Path.Combine(dir.FullName, "shared");
        throw new DirectoryNotFoundException("shared/corpus not found: set HERMES_SHARED");
    }
}
