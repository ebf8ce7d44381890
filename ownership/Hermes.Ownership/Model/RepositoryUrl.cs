namespace Hermes.Ownership.Model;

/// <summary>
/// Repository addresses as images and catalogs write them (<c>https://github.com/acme/pay</c>,
/// <c>git@github.com:acme/pay.git</c>, <c>github.com/acme/pay/tree/main/svc</c>) normalised to <c>host/owner/name</c>,
/// with the folder when the address points inside the repository.
/// </summary>
public static class RepositoryUrl
{
    public static bool TryParse(string text, out string repository, out string? path)
    {
        repository = "";
        path = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.StartsWith("git@", StringComparison.Ordinal))
            t = t[4..].Replace(':', '/');
        else if (Uri.TryCreate(t, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
            t = uri.Authority + uri.AbsolutePath;
        var parts = t.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !parts[0].Contains('.', StringComparison.Ordinal)) return false;
        var name = parts[2].EndsWith(".git", StringComparison.Ordinal) ? parts[2][..^4] : parts[2];
        repository = $"{parts[0].ToLowerInvariant()}/{parts[1]}/{name}";
        // github.com/o/r/tree/<ref>/<path...> or /blob/<ref>/<path...>
        if (parts.Length > 4 && parts[3] is "tree" or "blob") path = string.Join('/', parts.Skip(5)) is { Length: > 0 } p ? p : null;
        return true;
    }

    /// <summary><c>github.com/acme/pay</c> → (<c>acme</c>, <c>pay</c>); false for other shapes.</summary>
    public static bool TrySplit(string repository, out string host, out string owner, out string name)
    {
        var parts = (repository ?? "").Split('/');
        (host, owner, name) = parts.Length == 3 ? (parts[0], parts[1], parts[2]) : ("", "", "");
        return parts.Length == 3 && parts.All(p => p.Length > 0);
    }
}
