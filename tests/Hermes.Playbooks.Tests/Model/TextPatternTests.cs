using Hermes.Playbooks.Model;

namespace Hermes.Playbooks.Tests.Model;

public class TextPatternTests
{
    [Theory]
    [InlineData("Terminal shell in container", "Terminal shell in container", true)]
    [InlineData("Terminal shell in container", "terminal shell in container", false)]
    [InlineData("Read sensitive file*", "Read sensitive file untrusted", true)]
    [InlineData("*PTRACE*", "PTRACE anti-debug attempt", true)]
    [InlineData("kube-?", "kube-a", true)]
    [InlineData("kube-?", "kube-ab", false)]
    [InlineData("prod-*-eu", "prod-payments-eu", true)]
    [InlineData("prod-*-eu", "prod-payments-us", false)]
    [InlineData("*", "", true)]
    [InlineData("a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false)]
    public void Matches_GlobOrExact(string pattern, string value, bool expected) =>
        Assert.Equal(expected, new TextPattern(pattern).Matches(value));

    [Fact]
    public void Matches_NullNeverMatches() => Assert.False(new TextPattern("*").Matches(null));
}
