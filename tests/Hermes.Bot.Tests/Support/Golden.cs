using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Support;

/// <summary>Golden files: the expected output checked in beside the tests.</summary>
public static class Golden
{
    /// <summary>Compares with a checked-in file; HERMES_UPDATE_GOLDEN=1 rewrites it instead (then review the diff).</summary>
    public static void AssertEqual(string actual, params string[] parts)
    {
        var path = Hermes.Tests.Shared.Repository.Path(parts);
        if (Environment.GetEnvironmentVariable("HERMES_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
