using Hermes.Playbooks.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hermes.Playbooks.Loading;

/// <summary>
/// Loads playbook files (a directory means its <c>*.yaml</c>/<c>*.yml</c> files in name order). Every error in every
/// file is reported at once with file:line:column; any error means no set, so the caller keeps the previous one.
/// </summary>
public static class PlaybookLoader
{
    public static PlaybookLoadResult Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var errors = new List<PlaybookError>();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(path)) files.Add(path);
            else errors.Add(new PlaybookError(path, 0, 0, "no such file or directory"));
        }
        var playbooks = new List<Playbook>();
        foreach (var file in files) playbooks.AddRange(ReadFile(file, File.ReadAllText(file), errors));
        return Finish(playbooks, files, errors);
    }

    /// <summary>Loads playbooks from text (tests, and the API's dry validation).</summary>
    public static PlaybookLoadResult LoadText(string file, string yaml)
    {
        var errors = new List<PlaybookError>();
        return Finish(ReadFile(file, yaml, errors), [file], errors);
    }

    private static PlaybookLoadResult Finish(List<Playbook> playbooks, List<string> files, List<PlaybookError> errors)
    {
        var seen = new Dictionary<string, Playbook>(StringComparer.Ordinal);
        foreach (var playbook in playbooks)
            if (!seen.TryAdd(playbook.Name, playbook))
                errors.Add(At(playbook.Origin, $"playbook '{playbook.Name}' is already defined at {seen[playbook.Name].Origin}"));
        var defaults = playbooks.Where(p => p.IsDefault).ToList();
        foreach (var extra in defaults.Skip(1))
            errors.Add(At(extra.Origin, $"only one playbook can be the default; '{defaults[0].Name}' at {defaults[0].Origin} already is"));
        if (errors.Count > 0) return new PlaybookLoadResult(null, errors, files);
        return new PlaybookLoadResult(new PlaybookSet(playbooks.Where(p => !p.IsDefault).ToList(), defaults.FirstOrDefault()), errors, files);
    }

    private static List<Playbook> ReadFile(string file, string yaml, List<PlaybookError> errors)
    {
        var read = new NodeReader(file, errors);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(new PlaybookError(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.Message}"));
            return [];
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input instead of a YamlException.
            errors.Add(new PlaybookError(file, 1, 1, $"not valid YAML: {e.Message}"));
            return [];
        }
        var playbooks = new List<Playbook>();
        foreach (var document in stream.Documents)
        {
            var top = read.Mapping(document.RootNode, "a playbook file", "playbooks");
            if (top is null) continue;
            if (!top.TryGetValue("playbooks", out var list))
            {
                read.Error(document.RootNode, "a playbook file needs a 'playbooks' list");
                continue;
            }
            if (list is not YamlSequenceNode sequence)
            {
                read.Error(list, "'playbooks' must be a list");
                continue;
            }
            var reader = new PlaybookReader(read);
            foreach (var item in sequence.Children)
                if (reader.Read(item) is { } playbook) playbooks.Add(playbook);
        }
        return playbooks;
    }

    private static PlaybookError At(string origin, string message)
    {
        var parts = origin.Split(':');
        return parts.Length >= 3 && int.TryParse(parts[^2], out var line) && int.TryParse(parts[^1], out var column)
            ? new PlaybookError(string.Join(':', parts[..^2]), line, column, message)
            : new PlaybookError(origin, 0, 0, message);
    }
}
