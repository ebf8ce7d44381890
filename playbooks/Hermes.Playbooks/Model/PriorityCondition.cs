using Hermes.Rules.Engine;

namespace Hermes.Playbooks.Model;

/// <summary>
/// A priority comparison such as <c>>=Warning</c>: "at least as severe as Warning". Severity grows towards
/// Emergency, so <c>>=</c> keeps Warning, Error, Critical, Alert and Emergency.
/// </summary>
public sealed record PriorityCondition(string Operator, Priority Priority)
{
    public static readonly string[] Operators = [">=", "<=", ">", "<", "=", "!="];

    public bool Matches(Priority actual)
    {
        // Lower enum value = more severe, so "greater severity" is a smaller number.
        var severityDelta = (int)Priority - (int)actual;
        return Operator switch
        {
            ">=" => severityDelta >= 0,
            ">" => severityDelta > 0,
            "<=" => severityDelta <= 0,
            "<" => severityDelta < 0,
            "!=" => severityDelta != 0,
            _ => severityDelta == 0,
        };
    }

    /// <summary>Parses <c>[op]Name</c>; a bare name means equality.</summary>
    public static bool TryParse(string text, out PriorityCondition? condition)
    {
        condition = null;
        var trimmed = text.Trim();
        var op = Operators.FirstOrDefault(o => trimmed.StartsWith(o, StringComparison.Ordinal)) ?? "=";
        var name = trimmed.StartsWith(op, StringComparison.Ordinal) ? trimmed[op.Length..] : trimmed;
        if (!PriorityNames.TryParse(name, out var priority)) return false;
        condition = new PriorityCondition(op, priority);
        return true;
    }

    public override string ToString() => $"{Operator}{Priority}";
}
