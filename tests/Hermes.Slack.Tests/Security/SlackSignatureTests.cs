using System.Text;
using Hermes.Slack.Security;

namespace Hermes.Slack.Tests.Security;

public class SlackSignatureTests
{
    // The worked example in Slack's "Verifying requests from Slack".
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Sign_ReproducesSlacksExample() => Assert.Equal(Expected, SlackSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_Valid() => Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then.AddSeconds(30)));

    [Fact]
    public void Verify_ForgedBody_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body + "&x=1"), Then));

    [Fact]
    public void Verify_OtherSecret_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify("another-secret", Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then));

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86400)]
    public void Verify_OutsideFiveMinutes_Stale(int skew) =>
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then.AddSeconds(skew)));

    [Theory]
    [InlineData(null, Expected)]
    [InlineData(Timestamp, null)]
    [InlineData("", "")]
    public void Verify_MissingHeaders(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, SlackSignature.Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(Body), Then));

    [Fact]
    public void Verify_NonNumericTimestamp_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(Secret, "soon", Expected, Encoding.UTF8.GetBytes(Body), Then));

    [Fact]
    public void Verify_NoSecret_Throws() =>
        Assert.Throws<ArgumentException>(() => SlackSignature.Verify("", Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then));
}
