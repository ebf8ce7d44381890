namespace Hermes.Tests.Shared;

/// <summary>Paths in the repository a test assembly was built from (the folder holding Hermes.sln). Compiled into each test project that needs it.</summary>
public static class Repository
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Hermes.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("Hermes.sln not found"), .. parts]);
    }
}
