using System.Globalization;
using Hermes.Rules.Engine;
using YamlDotNet.Core;
using Version = System.Version;
using YamlDotNet.RepresentationModel;

namespace Hermes.Rules.Loading;

/// <summary>
/// The read and collect stages of loading: parses each rules file's YAML and applies its items in order to the
/// collected lists, macros and rules, with Falco's semantics: a redefinition replaces the earlier item in place,
/// <c>append: true</c> and <c>override</c> extend or replace parts of an existing item, later files win. Problems
/// become diagnostics; one bad item does not stop the others from being checked.
/// </summary>
internal sealed class RuleCollector
{
    /// <summary>The engine version Hermes implements, compared with <c>required_engine_version</c>.</summary>
    public static readonly Version EngineVersion = new(0, 57, 0);

    // Plugins whose fields Hermes provides natively (the container plugin's container.* and k8s.* fields).
    private static readonly Dictionary<string, Version> BuiltInPlugins = new(StringComparer.Ordinal)
    {
        ["container"] = new Version(0, 4, 0),
    };

    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "rule", "desc", "condition", "output", "priority", "source", "enabled", "tags", "exceptions", "append",
        "override", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration",
    };

    private static readonly HashSet<string> RuleAppendableKeys = new(StringComparer.Ordinal) { "condition", "output", "desc", "tags", "exceptions" };

    private static readonly HashSet<string> RuleReplaceableKeys = new(StringComparer.Ordinal)
    {
        "condition", "output", "desc", "priority", "tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter", "source", "capture", "capture_duration",
    };

    private readonly List<RuleDiagnostic> _diagnostics;
    private string _file = string.Empty;
    private string[] _lines = [];
    private int _order;

    public RuleCollector(List<RuleDiagnostic> diagnostics) => _diagnostics = diagnostics;

    public Dictionary<string, ListDefinition> Lists { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MacroDefinition> Macros { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RuleDefinition> Rules { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, (int Rules, int Macros, int Lists)> _counts = new(StringComparer.Ordinal);

    /// <summary>How many rule, macro and list items a file contributed.</summary>
    public (int Rules, int Macros, int Lists) CountsFor(string file) => _counts.GetValueOrDefault(file);

    private void Count(int rules, int macros, int lists)
    {
        var (r, m, l) = _counts.GetValueOrDefault(_file);
        _counts[_file] = (r + rules, m + macros, l + lists);
    }

    /// <summary>Reads one file's content and collects its items.</summary>
    public void Collect(string file, string content)
    {
        _file = file;
        _lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            Error(LoadCodes.YamlParse, new SourceLocation(file, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column)),
                $"invalid YAML: {(e.InnerException ?? e).Message.Split(": ", 2)[^1]}");
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner fails on some malformed input without a YamlException (and without a position).
            Error(LoadCodes.YamlParse, new SourceLocation(file, 1, 1), $"invalid YAML: the YAML scanner failed ({e.Message})");
            return;
        }

        foreach (var document in stream.Documents)
        {
            switch (document.RootNode)
            {
                case YamlScalarNode { Value: null or "" or "~" } or YamlScalarNode { Tag.IsEmpty: false, Value: "null" }:
                    continue; // an empty document
                case YamlSequenceNode items:
                    foreach (var item in items) CollectItem(item);
                    break;
                default:
                    Error(LoadCodes.YamlValidate, At(document.RootNode), "Rules content is not yaml array of objects");
                    break;
            }
        }
    }

    private void CollectItem(YamlNode node)
    {
        if (node is not YamlMappingNode item)
        {
            Error(LoadCodes.YamlValidate, At(node), "Unexpected element type. Each element should be a yaml associative array.");
            return;
        }
        if (Has(item, "rule")) CollectRule(item);
        else if (Has(item, "macro")) CollectMacro(item);
        else if (Has(item, "list")) CollectList(item);
        else if (Has(item, "required_engine_version")) CheckEngineVersion(item);
        else if (Has(item, "required_plugin_versions")) CheckPluginVersions(item);
        else
        {
            var key = item.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault()?.Value ?? "?";
            Warn(LoadCodes.UnknownItem, At(item), $"Unknown top level item '{key}'; expected rule, macro, list, required_engine_version or required_plugin_versions");
        }
    }

    private void CheckEngineVersion(YamlMappingNode item)
    {
        var node = item.Children[new YamlScalarNode("required_engine_version")];
        var text = (node as YamlScalarNode)?.Value ?? string.Empty;
        Version? required = null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var legacy))
            required = new Version(0, legacy, 0); // pre-semver engine versions counted the minor version
        else if (Version.TryParse(text, out var parsed))
            required = parsed;
        if (required is null)
        {
            Error(LoadCodes.YamlValidate, At(node), $"Value of required_engine_version must be a number or a semver string, not '{text}'");
            return;
        }
        if (required > EngineVersion)
            Error(LoadCodes.Validate, At(node), $"Rules require engine version {text}, but engine version is {EngineVersion}");
    }

    private void CheckPluginVersions(YamlMappingNode item)
    {
        if (item.Children[new YamlScalarNode("required_plugin_versions")] is not YamlSequenceNode plugins)
        {
            Error(LoadCodes.YamlValidate, At(item), "required_plugin_versions must be a list of {name, version}");
            return;
        }
        foreach (var plugin in plugins)
        {
            if (plugin is not YamlMappingNode map || Scalar(map, "name") is not { } name || Scalar(map, "version") is not { } version)
            {
                Error(LoadCodes.YamlValidate, At(plugin), "each required plugin needs a name and a version");
                continue;
            }
            var candidates = new List<(string Name, string Version)> { (name, version) };
            if (map.Children.TryGetValue(new YamlScalarNode("alternatives"), out var alternatives) && alternatives is YamlSequenceNode alts)
                candidates.AddRange(alts.OfType<YamlMappingNode>().Select(a => (Scalar(a, "name") ?? "", Scalar(a, "version") ?? "")));
            var satisfied = candidates.Any(c => BuiltInPlugins.TryGetValue(c.Name, out var have) &&
                                                Version.TryParse(c.Version, out var want) && want <= have);
            if (!satisfied)
                Error(LoadCodes.Extension, At(plugin), $"Plugin '{name}' version {version} is required, but Hermes provides only {string.Join(", ", BuiltInPlugins.Select(p => $"{p.Key} {p.Value}"))}");
        }
    }

    private void CollectList(YamlMappingNode item)
    {
        var name = RequireName(item, "list");
        if (name is null) return;
        WarnUnknownKeys(item, ["list", "items", "append", "override"], "list");
        var (append, replace, invalid, keyword) = ReadAppendOverride(item, "list", ["items"], ["items"]);
        if (invalid || !TryItems(item, out var items, required: true)) return;
        if (!IsConditionIdentifier(name))
            Warn(LoadCodes.InvalidListName, At(item), $"List name '{name}' contains characters a condition cannot refer to");

        if (append || replace)
        {
            if (!Lists.TryGetValue(name, out var existing))
            {
                Error(LoadCodes.Validate, At(item), $"List has '{keyword}' key but no list by that name already exists");
                return;
            }
            if (replace) existing.Items.Clear();
            existing.Visibility = _order++;
            if (append && items.Count == 0) Warn(LoadCodes.AppendNoValues, At(item), "Overriding/appending list with no values");
            existing.Items.AddRange(items);
            Count(0, 0, 1);
            return;
        }
        var definition = Lists.TryGetValue(name, out var previous) ? previous : new ListDefinition(name, At(item), _order++);
        definition.Location = At(item);
        definition.Visibility = _order++;
        definition.Items.Clear();
        definition.Items.AddRange(items);
        Lists[name] = definition;
        Count(0, 0, 1);
    }

    private void CollectMacro(YamlMappingNode item)
    {
        var name = RequireName(item, "macro");
        if (name is null) return;
        WarnUnknownKeys(item, ["macro", "condition", "append", "override"], "macro");
        var (append, replace, invalid, keyword) = ReadAppendOverride(item, "macro", ["condition"], ["condition"]);
        if (invalid) return;
        var condition = Text(item, "condition");
        if (condition is null)
        {
            Error(LoadCodes.YamlValidate, At(item), "Item has no mapping for key 'condition'");
            return;
        }
        if (!IsConditionIdentifier(name))
            Warn(LoadCodes.InvalidMacroName, At(item), $"Macro name '{name}' contains characters a condition cannot refer to");

        if (append || replace)
        {
            if (!Macros.TryGetValue(name, out var existing))
            {
                Error(LoadCodes.Validate, At(item), $"Macro has '{keyword}' key but no macro by that name already exists");
                return;
            }
            existing.Condition = append ? existing.Condition.Append(condition) : condition;
            existing.Visibility = _order++;
            Count(0, 1, 0);
            return;
        }
        if (Macros.TryGetValue(name, out var previous))
        {
            previous.Condition = condition;
            previous.Location = At(item);
            previous.Visibility = _order++;
        }
        else
        {
            Macros[name] = new MacroDefinition(name, condition, At(item), _order++);
        }
        Count(0, 1, 0);
    }

    private void CollectRule(YamlMappingNode item)
    {
        var name = RequireName(item, "rule");
        if (name is null) return;
        WarnUnknownKeys(item, RuleKeys, "rule");
        var (append, replace, invalid, keyword) = ReadAppendOverride(item, "rule", RuleAppendableKeys, RuleReplaceableKeys);
        if (invalid) return;
        var keys = item.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);

        if (append || replace)
        {
            if (!Rules.TryGetValue(name, out var existing))
            {
                Error(LoadCodes.Validate, At(item), $"Rule has '{keyword}' key but no rule by that name already exists");
                return;
            }
            ApplyRuleKeys(existing, item, append ? Merge.LegacyAppend : Merge.Override);
            Count(1, 0, 0);
            return;
        }

        // A rule with only 'enabled' switches an existing rule on or off.
        if (keys.SetEquals(["rule", "enabled"]))
        {
            if (!Rules.TryGetValue(name, out var existing))
            {
                Error(LoadCodes.Validate, At(item), $"Rule '{name}' has only an 'enabled' key, but no rule by that name already exists");
                return;
            }
            existing.Enabled = Bool(item, "enabled") ?? existing.Enabled;
            Count(1, 0, 0);
            return;
        }

        var missing = new[] { "condition", "output", "desc", "priority" }.Where(k => !keys.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            Error(LoadCodes.YamlValidate, At(item), $"Item has no mapping for key '{missing[0]}'");
            return;
        }

        var definition = new RuleDefinition(name, At(item), Rules.TryGetValue(name, out var replaced) ? replaced.Order : _order++);
        ApplyRuleKeys(definition, item, Merge.Replace);
        Rules[name] = definition;
        Count(1, 0, 0);
    }

    private enum Merge { Replace, LegacyAppend, Override }

    private void ApplyRuleKeys(RuleDefinition rule, YamlMappingNode item, Merge mode)
    {
        var overrides = mode == Merge.Override ? ReadOverrideMap(item) : [];
        bool Appending(string key) => mode == Merge.LegacyAppend || (mode == Merge.Override && overrides.GetValueOrDefault(key) == "append");

        if (Text(item, "condition") is { } condition)
            rule.Condition = Appending("condition") && rule.Condition is not null ? rule.Condition.Append(condition) : condition;
        if (Text(item, "output") is { } output)
            rule.Output = Appending("output") && rule.Output is not null ? rule.Output.Append(output) : output;
        if (Scalar(item, "desc") is { } desc)
            rule.Description = Appending("desc") && rule.Description.Length > 0 ? rule.Description + " " + desc : desc;
        if (Find(item, "priority") is { } priorityNode)
        {
            if (PriorityNames.TryParse((priorityNode as YamlScalarNode)?.Value, out var priority)) rule.Priority = priority;
            else Error(LoadCodes.YamlValidate, At(priorityNode), $"Invalid priority '{(priorityNode as YamlScalarNode)?.Value}': use one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL (INFO), DEBUG");
        }
        if (Scalar(item, "source") is { } source) rule.Source = source;
        if (Bool(item, "enabled") is { } enabled) rule.Enabled = enabled;
        if (Bool(item, "warn_evttypes") is { } warn) rule.WarnEventTypes = warn;
        if (Bool(item, "skip-if-unknown-filter") is { } skip) rule.SkipIfUnknownFilter = skip;
        if (Find(item, "tags") is { } tagsNode)
        {
            if (!Appending("tags")) rule.Tags.Clear();
            if (tagsNode is YamlSequenceNode tags)
                rule.Tags.AddRange(tags.OfType<YamlScalarNode>().Select(t => t.Value ?? string.Empty).Where(t => !rule.Tags.Contains(t)));
            else
                Error(LoadCodes.YamlValidate, At(tagsNode), "Value of tags must be a list of strings");
        }
        if (Find(item, "exceptions") is { } exceptionsNode)
            CollectExceptions(rule, exceptionsNode, Appending("exceptions"));
        if (mode == Merge.LegacyAppend)
            Warn(LoadCodes.DeprecatedItem, At(item), "The 'append' key is deprecated: use 'override: {condition: append}' instead");
    }

    private void CollectExceptions(RuleDefinition rule, YamlNode node, bool append)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(LoadCodes.YamlValidate, At(node), "Value of exceptions must be a list");
            return;
        }
        if (!append) rule.Exceptions.Clear();
        foreach (var entry in list)
        {
            if (entry is not YamlMappingNode map || Scalar(map, "name") is not { } name)
            {
                Error(LoadCodes.YamlValidate, At(entry), "Item has no mapping for key 'name'");
                continue;
            }
            WarnUnknownKeys(map, ["name", "fields", "comps", "values"], "exception");
            var existing = rule.Exceptions.Find(e => e.Name == name);
            if (existing is not null && append)
            {
                // Appending to an exception of the same name adds values only.
                if (Find(map, "fields") is not null || Find(map, "comps") is not null)
                    Error(LoadCodes.Validate, At(map), $"Exception '{name}' is appended to: it can add values only, not fields or comps");
                ReadExceptionValues(existing, map);
                continue;
            }
            if (existing is not null)
                Warn(LoadCodes.ExceptionNameNotUnique, At(map), $"Multiple definitions of exception '{name}' in the same rule");
            var exception = new ExceptionDefinition(name, At(map));
            exception.CompsLocation = Find(map, "comps") is { } compsNode ? At(compsNode) : exception.Location;
            switch (Find(map, "fields"))
            {
                case YamlScalarNode { Value: { } field }:
                    exception.Fields.Add(field);
                    break;
                case YamlSequenceNode fields:
                    exception.FieldsIsList = true;
                    exception.Fields.AddRange(fields.OfType<YamlScalarNode>().Select(f => f.Value ?? string.Empty));
                    break;
                default:
                    Error(LoadCodes.YamlValidate, At(map), $"Exception '{name}' has no fields");
                    continue;
            }
            switch (Find(map, "comps"))
            {
                case null:
                    exception.Comps.AddRange(exception.Fields.Select(_ => exception.FieldsIsList ? "=" : "in"));
                    break;
                case YamlScalarNode { Value: { } comp }:
                    exception.Comps.Add(comp);
                    break;
                case YamlSequenceNode comps:
                    exception.Comps.AddRange(comps.OfType<YamlScalarNode>().Select(c => c.Value ?? string.Empty));
                    break;
            }
            if (exception.FieldsIsList && exception.Comps.Count != exception.Fields.Count)
            {
                Error(LoadCodes.YamlValidate, exception.CompsLocation, $"Exception '{name}': fields and comps lists must have equal length ({exception.Fields.Count} fields, {exception.Comps.Count} comps)");
                continue;
            }
            ReadExceptionValues(exception, map);
            rule.Exceptions.Add(exception);
        }
    }

    private void ReadExceptionValues(ExceptionDefinition exception, YamlMappingNode map)
    {
        if (Find(map, "values") is not { } valuesNode) return;
        if (valuesNode is not YamlSequenceNode values)
        {
            Error(LoadCodes.YamlValidate, At(valuesNode), $"Exception '{exception.Name}': values must be a list");
            return;
        }
        foreach (var value in values)
        {
            if (!exception.FieldsIsList)
            {
                if (value is YamlScalarNode scalar)
                    exception.Values.Add(new ExceptionValue([[scalar.Value ?? string.Empty]], [false], At(value)));
                else
                    Error(LoadCodes.YamlValidate, At(value), $"Exception '{exception.Name}': with a single field, each value must be a single string");
                continue;
            }
            if (value is not YamlSequenceNode tuple || tuple.Children.Count != exception.Fields.Count)
            {
                Error(LoadCodes.YamlValidate, At(value), $"Exception '{exception.Name}': each value must be a list of {exception.Fields.Count} items, one per field");
                continue;
            }
            var parts = new List<IReadOnlyList<string>>();
            var isList = new List<bool>();
            foreach (var part in tuple)
            {
                if (part is YamlSequenceNode items)
                {
                    parts.Add(items.OfType<YamlScalarNode>().Select(i => i.Value ?? string.Empty).ToList());
                    isList.Add(true);
                }
                else
                {
                    parts.Add([(part as YamlScalarNode)?.Value ?? string.Empty]);
                    isList.Add(false);
                }
            }
            exception.Values.Add(new ExceptionValue(parts, isList, At(value)));
        }
    }

    private (bool Append, bool Replace, bool Invalid, string Keyword) ReadAppendOverride(YamlMappingNode item, string kind, ICollection<string> appendable, ICollection<string> replaceable)
    {
        var append = Bool(item, "append") ?? false;
        var overrides = ReadOverrideMap(item);
        if (overrides.Count == 0) return (append, false, false, "append");
        if (append)
        {
            Error(LoadCodes.Validate, At(item), $"Keys 'override' and 'append: true' cannot be used together in a {kind}");
            return (false, false, true, "override");
        }
        foreach (var (key, how) in overrides)
        {
            var allowed = how == "append" ? appendable : replaceable;
            if (how is not ("append" or "replace"))
                Error(LoadCodes.YamlValidate, At(item), $"Invalid override value '{how}' for key '{key}': use append or replace");
            else if (!allowed.Contains(key))
                Error(LoadCodes.Validate, At(item), $"Key '{key}' cannot be overridden with '{how}' in a {kind}");
            else if (Find(item, key) is null)
                Error(LoadCodes.Validate, At(item), $"Key '{key}' is overridden but not defined in this {kind}");
        }
        foreach (var key in item.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!))
        {
            if (key is "rule" or "macro" or "list" or "override") continue;
            if (!overrides.ContainsKey(key))
                Error(LoadCodes.Validate, At(item), $"Key '{key}' must be listed in 'override' ({kind} '{Scalar(item, kind)}')");
        }
        var anyAppend = overrides.Values.Contains("append");
        return (anyAppend && kind != "rule", !anyAppend || kind == "rule", false, "override");
    }

    private Dictionary<string, string> ReadOverrideMap(YamlMappingNode item)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find(item, "override") is not { } node) return result;
        if (node is not YamlMappingNode map)
        {
            Error(LoadCodes.YamlValidate, At(node), "Value of override must be a map of key: append|replace");
            return result;
        }
        foreach (var (key, value) in map.Children)
            result[(key as YamlScalarNode)?.Value ?? string.Empty] = (value as YamlScalarNode)?.Value ?? string.Empty;
        return result;
    }

    private bool TryItems(YamlMappingNode item, out List<string> items, bool required)
    {
        items = [];
        var node = Find(item, "items");
        if (node is null)
        {
            if (required) Error(LoadCodes.YamlValidate, At(item), "Item has no mapping for key 'items'");
            return !required;
        }
        if (node is not YamlSequenceNode sequence)
        {
            if (node is YamlScalarNode { Value: null or "" }) return true;
            Error(LoadCodes.YamlValidate, At(node), "Value of items must be a list of strings");
            return false;
        }
        foreach (var entry in sequence)
        {
            if (entry is YamlScalarNode scalar) items.Add(scalar.Value ?? string.Empty);
            else Error(LoadCodes.YamlValidate, At(entry), "List items must be strings");
        }
        return true;
    }

    private string? RequireName(YamlMappingNode item, string kind)
    {
        var node = Find(item, kind);
        if (node is YamlScalarNode { Value: { Length: > 0 } name }) return name;
        Error(LoadCodes.YamlValidate, At(node ?? item), $"Mapping for key '{kind}' is empty");
        return null;
    }

    private void WarnUnknownKeys(YamlMappingNode item, ICollection<string> known, string kind)
    {
        foreach (var key in item.Children.Keys.OfType<YamlScalarNode>())
            if (!known.Contains(key.Value ?? string.Empty))
                Warn(LoadCodes.UnknownItem, At(key), $"Unknown key '{key.Value}' in {kind}");
    }

    private LocatedText? Text(YamlMappingNode item, string key)
    {
        var node = Find(item, key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar)
        {
            Error(LoadCodes.YamlValidate, At(node), $"Value of {key} must be a string");
            return null;
        }
        return new LocatedText(scalar.Value ?? string.Empty, new ScalarLocator(_file, scalar, _lines));
    }

    private bool? Bool(YamlMappingNode item, string key)
    {
        var node = Find(item, key);
        if (node is null) return null;
        var value = (node as YamlScalarNode)?.Value;
        if (value is "true" or "True" or "TRUE" or "yes") return true;
        if (value is "false" or "False" or "FALSE" or "no") return false;
        Error(LoadCodes.YamlValidate, At(node), $"Value of {key} must be true or false, not '{value}'");
        return null;
    }

    private static string? Scalar(YamlMappingNode item, string key) => (Find(item, key) as YamlScalarNode)?.Value;

    private static YamlNode? Find(YamlMappingNode item, string key) =>
        item.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static bool Has(YamlMappingNode item, string key) => item.Children.ContainsKey(new YamlScalarNode(key));

    private static bool IsConditionIdentifier(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private SourceLocation At(YamlNode node) => new(_file, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(string code, SourceLocation location, string message) =>
        _diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, code, location, message));

    private void Warn(string code, SourceLocation location, string message) =>
        _diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Warning, code, location, message));
}
