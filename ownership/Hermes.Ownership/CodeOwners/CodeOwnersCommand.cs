namespace Hermes.Ownership.CodeOwners;

/// <summary>
/// <c>hermes-bot owner codeowners CODEOWNERS_FILE PATH...</c>: one line per path, <c>PATH&lt;TAB&gt;OWNERS</c> (owners
/// separated by spaces, <c>-</c> when unowned). The bot's CLI calls this.
/// </summary>
public static class CodeOwnersCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count < 2)
        {
            stderr.WriteLine("usage: hermes-bot owner codeowners CODEOWNERS_FILE PATH...");
            return 2;
        }
        string content;
        try
        {
            content = File.ReadAllText(args[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{args[0]}: {e.Message}");
            return 1;
        }
        var file = CodeOwnersFile.Parse(content);
        foreach (var problem in file.Problems) stderr.WriteLine($"{args[0]}:{problem.Line}: {problem.Message}");
        foreach (var path in args.Skip(1))
        {
            var owners = file.OwnersOf(path);
            stdout.WriteLine($"{path}\t{(owners.Count == 0 ? "-" : string.Join(' ', owners))}");
        }
        return 0;
    }
}
