using Hermes.Playbooks.Loading;
using Hermes.Tests.Shared;

namespace Hermes.Playbooks.Tests.Loading;

/// <summary>Every malformed file in testdata/invalid is refused with the error and position listed in expected.tsv.</summary>
public class InvalidPlaybookTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(Dir, "expected.tsv")).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var cells = line.Split('\t');
            data.Add(cells[0], cells[1], cells[2]);
        }
        return data;
    }

    private static string Dir => Repository.Path("tests", "Hermes.Playbooks.Tests", "testdata", "invalid");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_ReportsTheErrorWhereItIs(string file, string position, string message)
    {
        var path = Path.Combine(Dir, file);
        var result = PlaybookLoader.Load([path]);
        Assert.Null(result.Set);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains($"{path}:{position}: ", errors, StringComparison.Ordinal);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryInvalidFile_IsListed()
    {
        var listed = Cases().Select(c => (string)c[0]).ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Dir, "*.yaml")) Assert.Contains(Path.GetFileName(file), listed);
    }

    [Fact]
    public void Load_ReportsEveryErrorInOnePass()
    {
        var result = PlaybookLoader.Load([Dir]);
        Assert.Null(result.Set);
        Assert.True(result.Errors.Count >= Cases().Count(), string.Join("\n", result.Errors));
    }
}
