namespace Hermes.Bot.Hosting;

/// <summary>Where the bot finds its playbooks and ownership catalog (<c>Playbooks:Path</c>, <c>Ownership:CatalogPath</c>).</summary>
public static class BotPaths
{
    /// <summary>The shipped playbooks: copied beside the binary at build time, or the repository's folder when run from source.</summary>
    public static string DefaultPlaybooks()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "playbooks");
        return Directory.Exists(beside) ? beside : Path.Combine(Environment.CurrentDirectory, "playbooks");
    }
}
