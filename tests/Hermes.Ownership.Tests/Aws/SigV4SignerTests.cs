using System.Text;
using Hermes.Ownership.Aws;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Aws;

/// <summary>SigV4 against ../shared/corpus/aws/aws_sigv4_vectors.txt (AWS's get-vanilla case and a tagging API request).</summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static string Vectors() => File.ReadAllText(Corpus.Path("aws", "aws_sigv4_vectors.txt"));

    private static string After(string text, string label) =>
        text.Split('\n').First(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();

    private static string Block(string text, string label, int lines)
    {
        var all = text.Split('\n');
        var start = Array.FindIndex(all, l => l.TrimEnd() == label);
        return string.Join('\n', all.Skip(start + 1).Take(lines));
    }

    [Fact]
    public void GetVanilla_MatchesAwsTestSuite()
    {
        var signature = SigV4Signer.Sign("GET", "/", "",
            new Dictionary<string, string> { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = "20150830T123600Z" },
            [], "us-east-1", "service", new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), Example);
        Assert.Equal(After(Vectors(), "get-vanilla:"), signature.Authorization);
    }

    [Fact]
    public void TaggingGetResources_MatchesCanonicalRequestStringToSignAndSignature()
    {
        var vectors = Vectors();
        var body = Encoding.UTF8.GetBytes(After(vectors, "body:"));
        var signature = SigV4Signer.Sign("POST", "/", "", new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["Host"] = "tagging.eu-west-1.amazonaws.com",
            ["X-Amz-Date"] = "20250101T000000Z",
            ["X-Amz-Target"] = "ResourceGroupsTaggingAPI_20170126.GetResources",
        }, body, "eu-west-1", "tagging", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Example);
        Assert.Equal(Block(vectors, "creq:", 10), signature.CanonicalRequest);
        Assert.Equal(Block(vectors, "sts:", 4), signature.StringToSign);
        Assert.Equal(After(vectors, "authz:"), signature.Authorization);
    }
}
