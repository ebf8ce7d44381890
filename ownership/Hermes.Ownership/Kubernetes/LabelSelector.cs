namespace Hermes.Ownership.Kubernetes;

/// <summary>
/// Kubernetes label selectors in their string form, as Backstage's <c>backstage.io/kubernetes-label-selector</c>
/// writes them: <c>app=pay,tier!=db,env in (prod,stage),!legacy,team</c>.
/// </summary>
public static class LabelSelector
{
    public static bool Matches(string selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(labels);
        var requirements = Split(selector);
        if (requirements.Count == 0) return false;
        foreach (var r in requirements)
        {
            var req = r.Trim();
            if (req.StartsWith('!')) { if (labels.ContainsKey(req[1..].Trim())) return false; continue; }
            var notIn = req.IndexOf(" notin ", StringComparison.Ordinal);
            var isIn = req.IndexOf(" in ", StringComparison.Ordinal);
            if (notIn > 0 || isIn > 0)
            {
                var at = notIn > 0 ? notIn : isIn;
                var key = req[..at].Trim();
                var set = req[(at + (notIn > 0 ? 7 : 4))..].Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries);
                var has = labels.TryGetValue(key, out var v) && set.Contains(v);
                if (notIn > 0 ? has : !has) return false;
                continue;
            }
            var ne = req.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0) { if (labels.TryGetValue(req[..ne].Trim(), out var v) && v == req[(ne + 2)..].Trim()) return false; continue; }
            var eq = req.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var value = req[(eq + 1)..].TrimStart('=').Trim();
                if (!labels.TryGetValue(req[..eq].Trim(), out var v) || v != value) return false;
                continue;
            }
            if (!labels.ContainsKey(req)) return false;
        }
        return true;
    }

    // Commas separate requirements except inside the parentheses of a set.
    private static List<string> Split(string selector)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(') depth++;
            else if (selector[i] == ')') depth--;
            else if (selector[i] == ',' && depth == 0) { parts.Add(selector[start..i]); start = i + 1; }
        }
        parts.Add(selector[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}
