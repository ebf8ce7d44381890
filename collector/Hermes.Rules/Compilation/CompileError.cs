namespace Hermes.Rules.Compilation;

/// <summary>A problem found while compiling a condition, at an offset of the condition text.</summary>
/// <param name="Message">What is wrong, in libsinsp's words where it has them.</param>
/// <param name="Offset">Zero-based offset into the condition text.</param>
/// <param name="UnknownField">True when the problem is a field the registry does not know
/// (a rule with <c>skip-if-unknown-filter</c> is skipped for these instead of failing).</param>
public sealed record CompileError(string Message, int Offset, bool UnknownField = false);
