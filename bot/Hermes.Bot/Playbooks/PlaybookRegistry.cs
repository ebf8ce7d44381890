using Hermes.Playbooks.Loading;
using Hermes.Playbooks.Model;

namespace Hermes.Bot.Playbooks;

/// <summary>
/// The active playbook set. Loaded at startup (a broken set there stops the bot: there is nothing to fall back
/// to), re-checked when a file changes; a broken reload is logged with every error's location and the previous
/// valid set stays active.
/// </summary>
public sealed class PlaybookRegistry
{
    private readonly string _path;
    private readonly ILogger<PlaybookRegistry> _logger;
    private string _fingerprint;

    public PlaybookRegistry(string path, ILogger<PlaybookRegistry> logger)
    {
        _path = path;
        _logger = logger;
        var result = PlaybookLoader.Load([path]);
        if (result.Set is null)
            throw new InvalidDataException($"playbooks in {path} are invalid:\n{string.Join("\n", result.Errors)}");
        Current = result.Set;
        _fingerprint = Fingerprint();
        LastErrors = [];
    }

    public PlaybookSet Current { get; private set; }

    /// <summary>The errors of the last rejected reload (empty when the files on disk are the active set).</summary>
    public IReadOnlyList<PlaybookError> LastErrors { get; private set; }

    public string Path => _path;

    /// <summary>The named playbook, or the default when it was removed since the case was opened.</summary>
    public Playbook Find(string name) => Current.Find(name) ?? Current.Default;

    /// <summary>Reloads if any file changed; returns true when a new set became active.</summary>
    public bool ReloadIfChanged()
    {
        var fingerprint = Fingerprint();
        if (fingerprint == _fingerprint) return false;
        _fingerprint = fingerprint;
        var result = PlaybookLoader.Load([_path]);
        if (result.Set is null)
        {
            LastErrors = result.Errors;
            foreach (var error in result.Errors) _logger.LogError("Playbook error, keeping the previous playbooks: {Error}", error);
            return false;
        }
        Current = result.Set;
        LastErrors = [];
        _logger.LogInformation("Playbooks reloaded from {Path}: {Count} playbooks", _path, result.Set.Playbooks.Count);
        return true;
    }

    private string Fingerprint()
    {
        if (File.Exists(_path)) return $"{_path}:{File.GetLastWriteTimeUtc(_path).Ticks}:{new FileInfo(_path).Length}";
        if (!Directory.Exists(_path)) return "missing";
        return string.Join('|', Directory.EnumerateFiles(_path).Order(StringComparer.Ordinal)
            .Select(f => $"{f}:{File.GetLastWriteTimeUtc(f).Ticks}:{new FileInfo(f).Length}"));
    }
}
