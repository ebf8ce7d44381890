namespace Hermes.Rules.Engine;

/// <summary>Falco's priorities, most severe first (syslog severities).</summary>
public enum Priority
{
    /// <summary>EMERGENCY.</summary>
    Emergency,
    /// <summary>ALERT.</summary>
    Alert,
    /// <summary>CRITICAL.</summary>
    Critical,
    /// <summary>ERROR.</summary>
    Error,
    /// <summary>WARNING.</summary>
    Warning,
    /// <summary>NOTICE.</summary>
    Notice,
    /// <summary>INFORMATIONAL (alias INFO).</summary>
    Informational,
    /// <summary>DEBUG.</summary>
    Debug,
}

/// <summary>Parsing and naming of priorities the way Falco does.</summary>
public static class PriorityNames
{
    /// <summary>Parses a priority name, case-insensitively; <c>INFO</c> is <see cref="Priority.Informational"/>.</summary>
    public static bool TryParse(string? text, out Priority priority)
    {
        priority = Priority.Debug;
        if (string.IsNullOrEmpty(text)) return false;
        if (text.Equals("info", StringComparison.OrdinalIgnoreCase))
        {
            priority = Priority.Informational;
            return true;
        }
        return Enum.TryParse(text, ignoreCase: true, out priority) && Enum.IsDefined(priority) && !int.TryParse(text, out _);
    }

    /// <summary>The name Falco prints in alerts: <c>Warning</c>, <c>Informational</c>, …</summary>
    public static string Name(Priority priority) => priority.ToString();
}
