namespace Hermes.Rules.Tests.Support;

/// <summary>Finds the shared reference corpus: $HERMES_SHARED, or a <c>shared/</c> folder beside an ancestor directory.</summary>
public static class Corpus
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The <c>shared/</c> directory.</summary>
    public static string SharedDirectory => Root.Value;

    /// <summary>A path under <c>shared/corpus/</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([SharedDirectory, "corpus", .. parts]);

    /// <summary>The official stable rules file, unchanged.</summary>
    public static string OfficialRules => Path("falco", "rules", "falco_rules.yaml");

    /// <summary>This test project's <c>testdata/</c> directory, in the source tree.</summary>
    public static string TestData(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "Hermes.Rules.Tests", "testdata");
            if (Directory.Exists(candidate)) return System.IO.Path.Combine([candidate, .. parts]);
        }
        throw new DirectoryNotFoundException("tests/Hermes.Rules.Tests/testdata not found above " + AppContext.BaseDirectory);
    }

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("HERMES_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(System.IO.Path.Combine(env, "corpus"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "corpus"))) return candidate;
        }
        throw new DirectoryNotFoundException("shared/corpus not found: set HERMES_SHARED");
    }
}
