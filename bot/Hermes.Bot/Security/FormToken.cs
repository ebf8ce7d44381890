using System.Security.Cryptography;
using System.Text;

namespace Hermes.Bot.Security;

/// <summary>
/// A per-process secret that the console's and the dashboard's forms carry: a cross-site page cannot read it, so
/// it cannot make a local browser post to the bot (the pages are local-only or token-protected already).
/// </summary>
public static class FormToken
{
    public static string Value { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static bool Matches(string? candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate ?? ""), Encoding.UTF8.GetBytes(Value));
}
