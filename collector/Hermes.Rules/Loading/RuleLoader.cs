using Hermes.Rules.Compilation;
using Hermes.Rules.Conditions;
using Hermes.Rules.Engine;
using Hermes.Rules.Output;

namespace Hermes.Rules.Loading;

/// <summary>
/// Loads Falco rules files in stages, like Falco's rule loader: read and collect every file in order
/// (<see cref="RuleCollector"/>), compile lists, macros and rules, then index the enabled rules by event type.
/// Bad input never throws: every problem is a <see cref="RuleDiagnostic"/> with its file, line and column, and
/// one bad rule does not hide the errors of the others.
/// </summary>
public static class RuleLoader
{
    /// <summary>Loads files from disk, in order; later files override earlier ones.</summary>
    public static LoadResult LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<(string Name, string? Content)>();
        var readErrors = new List<RuleDiagnostic>();
        foreach (var path in paths)
        {
            try
            {
                sources.Add((path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                readErrors.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.FileRead, new SourceLocation(path, 1, 1),
                    $"could not read rules file: {e.Message}"));
                sources.Add((path, null));
            }
        }
        var result = Load(sources.Where(s => s.Content is not null).Select(s => (s.Name, s.Content!)));
        if (readErrors.Count == 0) return result;
        var files = sources.Select(s => result.Files.FirstOrDefault(f => f.File == s.Name) ?? new FileSummary(s.Name, 0, 0, 0)).ToList();
        return new LoadResult(null, [.. readErrors, .. result.Diagnostics], files);
    }

    /// <summary>Loads rules from named texts, in order.</summary>
    public static LoadResult Load(IEnumerable<(string Name, string Content)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var diagnostics = new List<RuleDiagnostic>();
        var collector = new RuleCollector(diagnostics);
        var summaries = new List<FileSummary>();
        foreach (var (name, content) in sources)
        {
            collector.Collect(name, content);
            var counts = collector.CountsFor(name);
            summaries.Add(new FileSummary(name, counts.Rules, counts.Macros, counts.Lists));
        }
        var rules = Compile(collector, diagnostics);
        var failed = diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);
        return new LoadResult(failed ? null : new RuleSet(rules), diagnostics, summaries);
    }

    /// <summary>Loads one rules text.</summary>
    public static LoadResult LoadText(string name, string content) => Load([(name, content)]);

    private static List<CompiledRule> Compile(RuleCollector collector, List<RuleDiagnostic> diagnostics)
    {
        // Lists: an item naming an earlier list stands for that list's items.
        var lists = new Dictionary<string, (IReadOnlyList<string> Items, int Order)>(StringComparer.Ordinal);
        foreach (var list in collector.Lists.Values.OrderBy(l => l.Order))
        {
            var items = new List<string>();
            foreach (var item in list.Items)
            {
                if (lists.TryGetValue(item, out var nested) && nested.Order < list.Order) items.AddRange(nested.Items);
                else items.Add(item);
            }
            lists[list.Name] = (items, list.Order);
        }

        var usedMacros = new HashSet<string>(StringComparer.Ordinal);
        var usedLists = new HashSet<string>(StringComparer.Ordinal);

        // Macros: each sees only the macros defined before it, and every list.
        var macros = new Dictionary<string, (Expr Resolved, int Order)>(StringComparer.Ordinal);
        var failedMacros = new HashSet<string>(StringComparer.Ordinal);
        foreach (var macro in collector.Macros.Values.OrderBy(m => m.Order))
        {
            var ast = Parse(macro.Condition, $"macro '{macro.Name}'", macro.Name, diagnostics);
            if (ast is null)
            {
                failedMacros.Add(macro.Name);
                continue;
            }
            var resolver = Resolver(macros, lists, macro.Order, int.MaxValue, failedMacros);
            var errors = new List<CompileError>();
            var resolved = resolver.Resolve(ast, errors);
            ConditionCompiler.ValidateFields(ast, errors);
            if (errors.Count == 0) ConditionCompiler.Compile(resolved, errors);
            Report(errors, macro.Condition, $"macro '{macro.Name}'", macro.Name, diagnostics);
            if (errors.Count > 0) failedMacros.Add(macro.Name);
            usedMacros.UnionWith(resolver.UsedMacros);
            usedLists.UnionWith(resolver.UsedLists);
            macros[macro.Name] = (resolved, macro.Order);
        }

        var compiled = new List<CompiledRule>();
        foreach (var rule in collector.Rules.Values.OrderBy(r => r.Order))
        {
            // Rules compile after every macro and list is known, so they see all of them (as in Falco).
            var resolver = Resolver(macros, lists, int.MaxValue, int.MaxValue, failedMacros);
            if (CompileRule(rule, resolver, diagnostics) is { } compiledRule && rule.Enabled)
                compiled.Add(compiledRule);
            usedMacros.UnionWith(resolver.UsedMacros);
            usedLists.UnionWith(resolver.UsedLists);
        }

        foreach (var macro in collector.Macros.Values.Where(m => !usedMacros.Contains(m.Name)))
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.UnusedMacro, macro.Location, $"Macro '{macro.Name}' not referred to by any other rule/macro", macro.Name));
        var listsInLists = collector.Lists.Values.SelectMany(l => l.Items).ToHashSet(StringComparer.Ordinal);
        foreach (var list in collector.Lists.Values.Where(l => !usedLists.Contains(l.Name) && !listsInLists.Contains(l.Name)))
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.UnusedList, list.Location, $"List '{list.Name}' not referred to by any other rule/macro", list.Name));
        return compiled;
    }

    private static ConditionResolver Resolver(
        Dictionary<string, (Expr Resolved, int Order)> macros, Dictionary<string, (IReadOnlyList<string> Items, int Order)> lists, int macrosBefore, int listsBefore,
        IReadOnlySet<string> failedMacros) =>
        new(macros.Where(m => m.Value.Order < macrosBefore).ToDictionary(m => m.Key, m => m.Value.Resolved, StringComparer.Ordinal),
            lists.Where(l => l.Value.Order < listsBefore).ToDictionary(l => l.Key, l => l.Value.Items, StringComparer.Ordinal),
            failedMacros);

    private static CompiledRule? CompileRule(RuleDefinition rule, ConditionResolver resolver, List<RuleDiagnostic> diagnostics)
    {
        var what = $"rule '{rule.Name}'";
        if (rule.Condition is null || rule.Output is null)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.YamlValidate, rule.Location, $"Rule '{rule.Name}' has no condition or output", rule.Name));
            return null;
        }
        if (rule.Source != "syscall")
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.UnknownSource, rule.Location,
                $"Rule '{rule.Name}' is for event source '{rule.Source}', which Hermes does not capture; it is skipped", rule.Name));
            return null;
        }
        var ast = Parse(rule.Condition, what, rule.Name, diagnostics);
        if (ast is null) return null;

        var exceptionErrors = new List<RuleDiagnostic>();
        var exceptions = ExceptionConditionBuilder.Build(rule.Exceptions, exceptionErrors);
        diagnostics.AddRange(exceptionErrors.Select(d => d with { Item = rule.Name }));
        if (exceptionErrors.Count > 0) return null;

        var errors = new List<CompileError>();
        var resolved = resolver.Resolve(ast, errors);
        ConditionCompiler.ValidateFields(ast, errors);
        if (rule.SkipIfUnknownFilter && errors.Count > 0 && errors.TrueForAll(e => e.UnknownField))
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.UnknownFilter, rule.Condition.Map(errors[0].Offset),
                $"Rule '{rule.Name}' skipped: {errors[0].Message}", rule.Name));
            return null;
        }
        if (errors.Count > 0)
        {
            Report(errors, rule.Condition, what, rule.Name, diagnostics);
            return null;
        }
        var full = exceptions is null ? resolved : new AndExpr([resolved, exceptions], 0);
        var predicate = ConditionCompiler.Compile(full, errors);
        if (predicate is null)
        {
            Report(errors, rule.Condition, what, rule.Name, diagnostics);
            return null;
        }

        var output = OutputFormat.TryParse(rule.Output.Text, out var outputError, out var outputOffset);
        if (output is null)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.CompileOutput, rule.Output.Map(outputOffset),
                $"Invalid output format in {what}: {outputError}", rule.Name));
            return null;
        }

        var eventTypes = EventTypeResolver.Resolve(full);
        var compiled = new CompiledRule(rule, predicate, eventTypes, output, rule.Condition.Text);
        if (compiled.MatchesAllEventTypes && rule.WarnEventTypes)
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.NoEventType, rule.Condition.Start,
                $"Rule '{rule.Name}' matches too many evt.type values. This has a significant performance penalty.", rule.Name));
        return compiled;
    }

    private static Expr? Parse(LocatedText condition, string what, string item, List<RuleDiagnostic> diagnostics)
    {
        try
        {
            return ConditionParser.Parse(condition.Text);
        }
        catch (ConditionSyntaxException e)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.CompileCondition, condition.Map(e.Offset),
                $"Invalid condition in {what}: {e.Message}", item));
            return null;
        }
    }

    private static void Report(List<CompileError> errors, LocatedText condition, string what, string item, List<RuleDiagnostic> diagnostics)
    {
        foreach (var error in errors.DistinctBy(e => (e.Message, e.Offset)))
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.CompileCondition, condition.Map(error.Offset),
                $"Invalid condition in {what}: {error.Message}", item));
    }
}
