using Hermes.Rules.Engine;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Rules;

/// <summary>
/// Holds the active rule set and reloads it from the rules files on demand (SIGHUP) or when a file changes. A load
/// with errors keeps the previous set active and reports every error with its position; the swap is atomic, so the
/// capture thread always sees one whole rule set.
/// </summary>
public sealed class RulesReloader : IDisposable
{
    private readonly IReadOnlyList<string> _files;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private RuleSet? _active;

    public RulesReloader(IReadOnlyList<string> files)
    {
        _files = files;
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The active rule set (null until a load succeeded).</summary>
    public RuleSet? Active => Volatile.Read(ref _active);

    /// <summary>Raised after every load attempt with its result (the caller logs diagnostics and counts reloads).</summary>
    public event Action<LoadResult>? Loaded;

    /// <summary>Loads the files; on success makes the new set active. Returns the result either way.</summary>
    public LoadResult Reload()
    {
        var result = RuleLoader.LoadFiles(_files);
        if (result.RuleSet is { } rules) Volatile.Write(ref _active, rules);
        Loaded?.Invoke(result);
        return result;
    }

    /// <summary>Reloads when a rules file changes (debounced: editors write in several steps).</summary>
    public void WatchFiles(TimeSpan debounce)
    {
        foreach (var directory in _files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct())
        {
            var names = _files.Where(f => Path.GetDirectoryName(Path.GetFullPath(f)) == directory).Select(Path.GetFileName).ToHashSet();
            var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            void Changed(object? sender, FileSystemEventArgs e)
            {
                if (names.Contains(e.Name)) _debounce.Change(debounce, Timeout.InfiniteTimeSpan);
            }
            watcher.Changed += Changed;
            watcher.Created += Changed;
            watcher.Renamed += (s, e) => Changed(s, e);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
    }
}
