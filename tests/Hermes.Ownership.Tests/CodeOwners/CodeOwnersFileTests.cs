using Hermes.Ownership.CodeOwners;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.CodeOwners;

/// <summary>Whole-file "last match wins" vectors (codeowners_ruleset_vectors.tsv) over GitHub's documented example file.</summary>
public sealed class CodeOwnersFileTests
{
    private static readonly CodeOwnersFile Example =
        CodeOwnersFile.Parse(File.ReadAllText(Corpus.Path("codeowners", "codeowners_docs_example.CODEOWNERS")));

    public static TheoryData<string, string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var line in File.ReadAllLines(Corpus.Path("codeowners", "codeowners_ruleset_vectors.tsv")))
        {
            if (line.StartsWith('#') || line.StartsWith("id\t", StringComparison.Ordinal) || line.Length == 0) continue;
            var f = line.Split('\t');
            data.Add(f[0], f[1], f[2], f[3]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void LastMatchingRule_Wins(string id, string path, string rule, string owners)
    {
        var match = Example.RuleFor(path);
        Assert.True(match is not null, $"vector {id}: nothing matched {path}");
        Assert.Equal(rule, match.Pattern.Text);
        Assert.Equal(owners == "(none)" ? "" : owners, string.Join(' ', match.Owners));
    }

    [Fact]
    public void Command_PrintsPathTabOwners_AndDashWhenUnowned()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# owners\n*.go @backend\n/docs/ @docs-team docs@example.com\n/vendor/\n");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(0, CodeOwnersCommand.Run([file, "cmd/main.go", "docs/a.md", "vendor/x.go", "README"], stdout, stderr));
            Assert.Equal("cmd/main.go\t@backend\ndocs/a.md\t@docs-team docs@example.com\nvendor/x.go\t-\nREADME\t-\n", stdout.ToString().Replace("\r", "", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void RuleLines_AreKeptForProvenance_AndBadOwnersReported()
    {
        var file = CodeOwnersFile.Parse("\n# comment\n/deploy/ @acme/payments\nsrc/ not-an-owner\n");
        Assert.Equal(3, file.RuleFor("deploy/k8s.yaml")!.Line);
        Assert.Equal(4, Assert.Single(file.Problems).Line);
    }
}
