namespace Hermes.Ownership.Catalog;

/// <summary>
/// The local catalog (<c>Ownership:CatalogPath</c>: one YAML file or a folder of them), re-read when a file
/// changes. A broken catalog keeps the last good one and its problems are kept for the operator to see.
/// </summary>
public sealed class CatalogFile
{
    private readonly string? _path;
    private readonly Lock _lock = new();
    private string _stamp = "";
    private BackstageCatalog _current = BackstageCatalog.Empty;

    public CatalogFile(string? path) => _path = path;

    public string? Path => _path;

    /// <summary>The problems of the last read that failed (empty once a good read follows).</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; private set; } = [];

    public BackstageCatalog Current
    {
        get
        {
            if (_path is null) return BackstageCatalog.Empty;
            var files = Files(_path);
            var stamp = string.Join("|", files.Select(f => $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}"));
            if (stamp == _stamp) return _current;
            lock (_lock)
            {
                if (stamp == _stamp) return _current;
                var (catalog, problems) = Load(files);
                Problems = problems;
                if (problems.Count == 0) _current = catalog;
                _stamp = stamp;
                return _current;
            }
        }
    }

    /// <summary>Reads every file; the catalog is only usable when there are no problems.</summary>
    public static (BackstageCatalog Catalog, IReadOnlyList<CatalogProblem> Problems) Load(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var entities = new List<CatalogEntity>();
        var problems = new List<CatalogProblem>();
        foreach (var file in files)
        {
            var (read, found) = CatalogReader.Read(File.ReadAllText(file), file);
            entities.AddRange(read);
            problems.AddRange(found);
        }
        return (new BackstageCatalog(entities), problems);
    }

    public static IReadOnlyList<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : [];
}
