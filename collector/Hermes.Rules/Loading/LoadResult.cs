using Hermes.Rules.Engine;

namespace Hermes.Rules.Loading;

/// <summary>What one file contributed: its counts of rules, macros and lists.</summary>
public sealed record FileSummary(string File, int Rules, int Macros, int Lists);

/// <summary>
/// The outcome of loading rules files: the compiled rule set (null when there is any error, so a caller keeps
/// its previous set), every diagnostic, and a summary per file.
/// </summary>
public sealed record LoadResult(RuleSet? RuleSet, IReadOnlyList<RuleDiagnostic> Diagnostics, IReadOnlyList<FileSummary> Files)
{
    /// <summary>Whether there were no errors (warnings allowed).</summary>
    public bool Succeeded => RuleSet is not null;

    /// <summary>The errors.</summary>
    public IEnumerable<RuleDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The warnings.</summary>
    public IEnumerable<RuleDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
