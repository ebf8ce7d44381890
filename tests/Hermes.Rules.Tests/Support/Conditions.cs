using Hermes.Rules.Compilation;
using Hermes.Rules.Conditions;

namespace Hermes.Rules.Tests.Support;

/// <summary>Compiles a bare condition (no macros or lists) and evaluates it, for language-level tests.</summary>
public static class Conditions
{
    public static bool Eval(string condition, TestEvent evt)
    {
        var errors = new List<CompileError>();
        var predicate = ConditionCompiler.Compile(ConditionParser.Parse(condition), errors);
        Assert.True(predicate is not null, $"'{condition}' did not compile: {string.Join("; ", errors.Select(e => $"{e.Offset}: {e.Message}"))}");
        return predicate.Evaluate(evt);
    }

    /// <summary>The compile errors of a condition that parses.</summary>
    public static IReadOnlyList<CompileError> CompileErrors(string condition)
    {
        var errors = new List<CompileError>();
        ConditionCompiler.Compile(ConditionParser.Parse(condition), errors);
        return errors;
    }
}
