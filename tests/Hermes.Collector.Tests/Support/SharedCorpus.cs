namespace Hermes.Collector.Tests.Support;

/// <summary>The shared reference corpus: $HERMES_SHARED, or a <c>shared/</c> folder beside an ancestor directory.</summary>
internal static class SharedCorpus
{
    /// <summary>The official Falco rules, unchanged.</summary>
    public static string OfficialRules()
    {
        var env = Environment.GetEnvironmentVariable("HERMES_SHARED");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(env, "corpus", "falco", "rules", "falco_rules.yaml");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "falco", "rules", "falco_rules.yaml");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("shared/corpus not found: set HERMES_SHARED");
    }
}
