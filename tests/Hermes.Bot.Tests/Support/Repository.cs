namespace Hermes.Bot.Tests.Support;

/// <summary>Paths in the repository this test assembly was built from (the folder holding Hermes.sln).</summary>
public static class Repository
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Hermes.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("Hermes.sln not found"), .. parts]);
    }

    /// <summary>Compares with a checked-in file; HERMES_UPDATE_GOLDEN=1 rewrites it instead (then review the diff).</summary>
    public static void AssertGolden(string actual, params string[] parts)
    {
        var path = Path(parts);
        if (Environment.GetEnvironmentVariable("HERMES_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
