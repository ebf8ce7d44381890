namespace Hermes.Rules.Loading;

/// <summary>How bad a load problem is: an error rejects the rules; a warning is reported and loading goes on.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Reported; the rules still load.</summary>
    Warning,
    /// <summary>The rules files are rejected (the previous rule set stays active).</summary>
    Error,
}

/// <summary>A place in a rules file; line and column are 1-based.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One problem found while loading rules: a code (Falco's load-result codes), where it is, and what is wrong.
/// Loading never throws for bad input; it returns these.
/// </summary>
public sealed record RuleDiagnostic(DiagnosticSeverity Severity, string Code, SourceLocation Location, string Message, string? Item = null)
{
    /// <summary><c>file:line:col: error CODE: message</c>, the form compilers and editors understand.</summary>
    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
}
