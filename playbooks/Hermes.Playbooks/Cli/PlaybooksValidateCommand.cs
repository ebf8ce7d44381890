using Hermes.Playbooks.Loading;
using Hermes.Playbooks.Model;

namespace Hermes.Playbooks.Cli;

/// <summary><c>hermes-bot playbooks validate PATH...</c>: the same check the bot runs at startup and on reload.</summary>
public static class PlaybooksValidateCommand
{
    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (paths.Count == 0)
        {
            error.WriteLine("usage: hermes-bot playbooks validate PATH...   (files or directories of *.yaml)");
            return 2;
        }
        var result = PlaybookLoader.Load(paths);
        foreach (var problem in result.Errors) error.WriteLine(problem);
        if (result.Set is not { } set)
        {
            error.WriteLine($"{result.Errors.Count} error(s); the playbooks are not valid");
            return 1;
        }
        foreach (var playbook in set.Playbooks) output.WriteLine(Describe(playbook));
        output.WriteLine(Describe(set.Default) + (set.Default.Name == PlaybookSet.BuiltInDefault.Name ? " (no file declares default: true)" : ""));
        output.WriteLine($"ok: {set.Playbooks.Count + (set.Default.IsDefault ? 1 : 0)} playbook(s) in {result.Files.Count} file(s)");
        return 0;
    }

    private static string Describe(Playbook p)
    {
        var action = p.Ask is { } ask
            ? $"ask owner (timeout {Durations.Format(ask.Timeout)}, reminders [{string.Join(", ", ask.Reminders.Select(Durations.Format))}])"
            : p.EscalateImmediately ? "escalate at once" : $"notify {p.NotifyChannel}";
        var flags = (p.IsDefault ? " default" : "") + (p.DryRun ? " dry-run" : "") + (p.Escalate.Page ? " pages" : "");
        return $"{p.Origin}: {p.Name}: {action}{flags}";
    }
}
