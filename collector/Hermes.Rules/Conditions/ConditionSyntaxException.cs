namespace Hermes.Rules.Conditions;

/// <summary>A condition that does not parse, with the offset in the condition text where parsing stopped.</summary>
public sealed class ConditionSyntaxException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConditionSyntaxException(string message, int offset) : base(message) => Offset = offset;

    /// <summary>Creates the error without a position (offset 0).</summary>
    public ConditionSyntaxException() : this("syntax error", 0) { }

    /// <summary>Creates the error without a position (offset 0).</summary>
    public ConditionSyntaxException(string message) : this(message, 0) { }

    /// <summary>Creates the error without a position (offset 0).</summary>
    public ConditionSyntaxException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Zero-based offset into the condition text.</summary>
    public int Offset { get; }
}
