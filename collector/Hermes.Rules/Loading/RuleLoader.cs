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
        // Lists: an item naming a list visible to it stands for that list's items.
        var lists = new List<(string Name, IReadOnlyList<string> Items)>();
        var expanded = new Dictionary<string, (IReadOnlyList<string> Items, int Order)>(StringComparer.Ordinal);
        foreach (var list in collector.Lists.Values.OrderBy(l => l.Order))
        {
            var items = new List<string>();
            foreach (var item in list.Items)
            {
                if (expanded.TryGetValue(item, out var nested) && nested.Order < list.Visibility) items.AddRange(nested.Items);
                else items.Add(item);
            }
            expanded[list.Name] = (items, list.Order);
            lists.Add((list.Name, items));
        }
        var listItems = expanded.ToDictionary(l => l.Key, l => l.Value.Items, StringComparer.Ordinal);
        var usedMacros = new HashSet<string>(StringComparer.Ordinal);
        var usedLists = new HashSet<string>(StringComparer.Ordinal);

        // Macros: parse all, then check each with the macros visible to it (defined before its latest definition).
        var parsed = new Dictionary<string, (Expr Ast, MacroDefinition Definition, SubstitutedCondition Condition)>(StringComparer.Ordinal);
        var failedMacros = new HashSet<string>(StringComparer.Ordinal);
        foreach (var macro in collector.Macros.Values.OrderBy(m => m.Order))
        {
            var condition = Substitute(macro.Condition, lists, usedLists);
            if (Parse(condition, $"macro '{macro.Name}'", macro.Name, diagnostics) is { } ast) parsed[macro.Name] = (ast, macro, condition);
            else failedMacros.Add(macro.Name);
        }
        foreach (var (name, (ast, macro, condition)) in parsed.OrderBy(p => p.Value.Definition.Order))
        {
            var visible = parsed.Where(p => p.Value.Definition.Order < macro.Visibility && p.Key != name)
                .ToDictionary(p => p.Key, p => p.Value.Ast, StringComparer.Ordinal);
            var resolver = new ConditionResolver(visible, listItems, failedMacros);
            var errors = new List<CompileError>();
            var resolved = resolver.Resolve(ast, errors);
            ConditionCompiler.ValidateFields(ast, errors);
            if (errors.Count == 0) ConditionCompiler.Compile(resolved, errors);
            Report(errors, condition, $"macro '{name}'", name, diagnostics);
            if (errors.Count > 0) failedMacros.Add(name);
            usedMacros.UnionWith(resolver.UsedMacros);
        }

        // Rules compile after every macro is known, so they see all of them (as in Falco).
        var allMacros = parsed.ToDictionary(p => p.Key, p => p.Value.Ast, StringComparer.Ordinal);
        var compiled = new List<CompiledRule>();
        foreach (var rule in collector.Rules.Values.OrderBy(r => r.Order))
        {
            var resolver = new ConditionResolver(allMacros, listItems, failedMacros);
            if (CompileRule(rule, resolver, lists, usedLists, diagnostics) is { } compiledRule && rule.Enabled)
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

    // A condition with lists substituted, still able to map positions back into the rules file.
    private sealed record SubstitutedCondition(LocatedText Original, ListSubstitution Substitution)
    {
        public string Text => Substitution.Text;

        public SourceLocation Start => Original.Start;

        public SourceLocation Map(int offset) => Original.Map(Substitution.Origin(offset));
    }

    private static SubstitutedCondition Substitute(LocatedText condition, List<(string Name, IReadOnlyList<string> Items)> lists, HashSet<string> used)
    {
        var substitution = ListSubstitution.Apply(condition.Text, lists);
        used.UnionWith(substitution.Used);
        return new SubstitutedCondition(condition, substitution);
    }

    private static CompiledRule? CompileRule(RuleDefinition rule, ConditionResolver resolver,
        List<(string Name, IReadOnlyList<string> Items)> lists, HashSet<string> usedLists, List<RuleDiagnostic> diagnostics)
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
        var condition = Substitute(rule.Condition, lists, usedLists);
        var ast = Parse(condition, what, rule.Name, diagnostics);
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
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.UnknownFilter, condition.Map(errors[0].Offset),
                $"Rule '{rule.Name}' skipped: {errors[0].Message}", rule.Name));
            return null;
        }
        if (errors.Count > 0)
        {
            Report(errors, condition, what, rule.Name, diagnostics);
            return null;
        }
        // Exception values may name lists too.
        var full = exceptions is null ? resolved : new AndExpr([resolved, resolver.Resolve(exceptions, errors)], 0);
        var predicate = ConditionCompiler.Compile(full, errors);
        if (predicate is null)
        {
            Report(errors, condition, what, rule.Name, diagnostics);
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
        var compiled = new CompiledRule(rule, predicate, eventTypes, output, rule.Condition.Text, full);
        if (compiled.MatchesAllEventTypes && rule.WarnEventTypes)
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, LoadCodes.NoEventType, rule.Condition.Start,
                $"Rule '{rule.Name}' matches too many evt.type values. This has a significant performance penalty.", rule.Name));
        return compiled;
    }

    private static Expr? Parse(SubstitutedCondition condition, string what, string item, List<RuleDiagnostic> diagnostics)
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

    private static void Report(List<CompileError> errors, SubstitutedCondition condition, string what, string item, List<RuleDiagnostic> diagnostics)
    {
        foreach (var error in errors.DistinctBy(e => (e.Message, e.Offset)))
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.CompileCondition, condition.Map(error.Offset),
                $"Invalid condition in {what}: {error.Message}", item));
    }
}
