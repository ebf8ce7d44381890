using Hermes.Rules.Loading;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Loading;

/// <summary>
/// Every kind of broken rules file in <c>testdata/malformed-rules/</c> is rejected with the right code, at the
/// right line and column (from <c>expected.tsv</c>), and with nothing loaded.
/// </summary>
public sealed class MalformedRulesTests
{
    public static TheoryData<string, string, int, int, string> Cases()
    {
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var line in File.ReadAllLines(Corpus.TestData("malformed-rules", "expected.tsv")))
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var f = line.Split('\t');
            data.Add(f[0], f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedFile_IsReportedAtItsPosition(string file, string code, int line, int column, string message)
    {
        var path = Corpus.TestData("malformed-rules", file);
        var result = RuleLoader.LoadFiles([path]);
        Assert.Null(result.RuleSet);
        Assert.Contains(result.Errors, e =>
            e.Code == code && e.Location.File == path && e.Location.Line == line && e.Location.Column == column &&
            e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryMalformedFile_HasAnExpectation()
    {
        var expected = Cases().Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(Corpus.TestData("malformed-rules"), "*.yaml").Select(Path.GetFileName);
        Assert.Equal(files.Order(), expected.Order());
        Assert.True(expected.Count >= 20);
    }

    [Fact]
    public void SeveralBadRules_AreAllReported_NotJustTheFirst()
    {
        var yaml = """
            - rule: one
              desc: d
              condition: evt.type=open and proc.nosuch=1
              output: o
              priority: WARNING
            - rule: two
              desc: d
              condition: evt.type=open and (proc.name=cat
              output: o
              priority: WARNING
            - rule: three
              desc: d
              condition: evt.type=open
              output: "%fd.nosuch"
              priority: LOUD
            - rule: fine
              desc: d
              condition: evt.type=open
              output: o
              priority: INFO
            """;
        var result = RuleLoader.LoadText("many.yaml", yaml);
        Assert.Null(result.RuleSet);
        Assert.Equal(
            [(3, 32), (8, 32), (14, 12), (15, 13)],
            result.Errors.Select(e => (e.Location.Line, e.Location.Column)).Order());
    }

    [Fact]
    public void ErrorInLiteralBlockCondition_PointsAtTheToken()
    {
        var yaml = "- rule: r\n  desc: d\n  condition: |\n    evt.type=open\n      and proc.nosuch=1\n  output: o\n  priority: INFO\n";
        var error = Assert.Single(RuleLoader.LoadText("lit.yaml", yaml).Errors);
        Assert.Equal((5, 11), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void ErrorInAppendedCondition_PointsIntoTheAppendingFile()
    {
        var first = "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n";
        var second = "- rule: r\n  condition: and proc.nosuch=1\n  override:\n    condition: append\n";
        var error = Assert.Single(RuleLoader.Load([("a.yaml", first), ("b.yaml", second)]).Errors);
        Assert.Equal(("b.yaml", 2, 18), (error.Location.File, error.Location.Line, error.Location.Column));
    }
}
