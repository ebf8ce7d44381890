namespace Hermes.Ownership.Tests.Support;

/// <summary>Finds the shared reference corpus: $HERMES_SHARED, or a <c>shared/</c> folder beside an ancestor directory.</summary>
public static class Corpus
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>A path under <c>shared/corpus/</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, "corpus", .. parts]);

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
