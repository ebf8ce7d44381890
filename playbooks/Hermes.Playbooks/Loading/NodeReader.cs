using YamlDotNet.RepresentationModel;

namespace Hermes.Playbooks.Loading;

/// <summary>
/// Typed reads from YAML nodes that report, instead of throwing, every problem with the node's position. A read
/// that fails returns null and leaves an error; the caller carries on so one pass reports every mistake.
/// </summary>
internal sealed class NodeReader(string file, List<PlaybookError> errors)
{
    public string File { get; } = file;

    public void Error(YamlNode node, string message) =>
        errors.Add(new PlaybookError(File, (int)node.Start.Line, (int)node.Start.Column, message));

    /// <summary>The mapping's entries by key; unknown keys are errors, because a typo in a security policy must not pass silently.</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode node, string what, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{what} must be a mapping");
            return null;
        }
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key, StringComparer.Ordinal))
                Error(keyNode, $"unknown key '{key}' in {what} (expected one of: {string.Join(", ", allowed)})");
            else if (!entries.TryAdd(key, value))
                Error(keyNode, $"'{key}' is given twice in {what}");
        }
        return entries;
    }

    public string? String(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value } && value.Length > 0) return value;
        Error(node, node is YamlScalarNode ? $"{what} must not be empty" : $"{what} must be a string");
        return null;
    }

    public bool? Boolean(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: "true" or "True" or "TRUE" }) return true;
        if (node is YamlScalarNode { Value: "false" or "False" or "FALSE" }) return false;
        Error(node, $"{what} must be true or false");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string what)
    {
        var text = String(node, what);
        if (text is null) return null;
        if (Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        Error(node, $"{what}: '{text}' is not a positive duration (like 90s, 15m, 2h30m, 7d)");
        return null;
    }

    /// <summary>A list of strings; a single scalar is read as a one-item list, as people often write it.</summary>
    public List<(string Value, YamlNode Node)>? Strings(YamlNode node, string what)
    {
        if (node is YamlScalarNode)
            return String(node, what) is { } single ? [(single, node)] : null;
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what} must be a list of strings");
            return null;
        }
        var items = new List<(string, YamlNode)>();
        foreach (var item in sequence.Children)
            if (String(item, $"an item of {what}") is { } value) items.Add((value, item));
        return items;
    }

    public TEnum? Enum<TEnum>(YamlNode node, string what) where TEnum : struct, System.Enum
    {
        var text = String(node, what);
        if (text is null) return null;
        if (System.Enum.TryParse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
            return value;
        Error(node, $"{what}: '{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }
}
