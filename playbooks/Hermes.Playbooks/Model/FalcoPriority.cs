namespace Hermes.Playbooks.Model;

/// <summary>Falco's priorities, most severe first (the order <c>>=Warning</c> compares in).</summary>
public enum FalcoPriority
{
    Emergency,
    Alert,
    Critical,
    Error,
    Warning,
    Notice,
    Informational,
    Debug,
}

/// <summary>Falco's priority names, read case-insensitively (<c>info</c> is <c>Informational</c>, as in Falco).</summary>
public static class FalcoPriorities
{
    public static bool TryParse(string? text, out FalcoPriority priority)
    {
        priority = FalcoPriority.Debug;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var name = text.Trim();
        if (name.Equals("info", StringComparison.OrdinalIgnoreCase)) name = nameof(FalcoPriority.Informational);
        return Enum.TryParse(name, ignoreCase: true, out priority) && Enum.IsDefined(priority) && !int.TryParse(name, out _);
    }
}
