using System.Security.Cryptography;
using System.Text;

namespace Hermes.Bot.Security;

/// <summary>Checks an <c>Authorization: Bearer</c> header against configured tokens.</summary>
public static class BearerTokens
{
    /// <summary>
    /// True when the header carries one of <paramref name="tokens"/>. Compared with every token in constant time, so
    /// timing reveals neither which token nor how much of one matched. No tokens: nothing matches.
    /// </summary>
    public static bool Match(HttpRequest request, IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || tokens.Count == 0) return false;
        var presented = Encoding.UTF8.GetBytes(header[7..].Trim());
        var ok = false;
        foreach (var token in tokens) ok |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token));
        return ok;
    }
}
