using Hermes.Ownership.CodeOwners;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.CodeOwners;

/// <summary>Every row of ../shared/corpus/codeowners/codeowners_vectors.tsv (GitHub's semantics, cross-checked upstream).</summary>
public sealed class CodeOwnersVectorTests
{
    public static TheoryData<string, string, string, bool> Vectors()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var line in File.ReadAllLines(Corpus.Path("codeowners", "codeowners_vectors.tsv")))
        {
            if (line.StartsWith('#') || line.StartsWith("id\t", StringComparison.Ordinal) || line.Length == 0) continue;
            var f = line.Split('\t');
            data.Add(f[0], f[1], f[2], bool.Parse(f[3]));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Pattern_MatchesLikeGitHub(string id, string pattern, string path, bool expected) =>
        Assert.True(new CodeOwnersPattern(pattern).Matches(path) == expected, $"vector {id}: '{pattern}' vs '{path}' should be {expected}");
}
