using System.Globalization;
using Hermes.Playbooks.Model;
using YamlDotNet.RepresentationModel;

namespace Hermes.Playbooks.Loading;

/// <summary>Reads one playbook mapping (see <c>playbooks/README.md</c> for the schema) and checks it.</summary>
internal sealed class PlaybookReader(NodeReader read)
{
    private static readonly string[] PlaybookKeys =
        ["name", "description", "default", "match", "group", "ask_owner", "notify", "escalate", "quiet_on_confirm", "dry_run"];

    public Playbook? Read(YamlNode node)
    {
        var keys = read.Mapping(node, "a playbook", PlaybookKeys);
        if (keys is null) return null;
        string? name = null;
        if (!keys.TryGetValue("name", out var nameNode)) read.Error(node, "a playbook needs a name");
        else name = read.String(nameNode, "name");

        var playbook = new Playbook
        {
            Name = name ?? "",
            Description = keys.TryGetValue("description", out var d) ? read.String(d, "description") ?? "" : "",
            IsDefault = keys.TryGetValue("default", out var def) && read.Boolean(def, "default") == true,
            Match = keys.TryGetValue("match", out var m) ? ReadMatch(m) : new PlaybookMatch(),
            Group = keys.TryGetValue("group", out var g) ? ReadGroup(g) : Grouping.Default,
            Ask = keys.TryGetValue("ask_owner", out var a) ? ReadAsk(a) : null,
            NotifyChannel = keys.TryGetValue("notify", out var n) ? ReadNotify(n) : null,
            QuietOnConfirm = keys.TryGetValue("quiet_on_confirm", out var q) ? ReadQuiet(q) : null,
            DryRun = keys.TryGetValue("dry_run", out var dry) && read.Boolean(dry, "dry_run") == true,
            Origin = $"{read.File}:{node.Start.Line}:{node.Start.Column}",
        };
        if (keys.TryGetValue("escalate", out var e)) playbook = ReadEscalate(e, playbook);

        if (playbook.IsDefault && keys.ContainsKey("match"))
            read.Error(keys["match"], "the default playbook takes everything no other playbook matches; it cannot have a match");
        if (playbook.Ask is null && !playbook.EscalateImmediately && playbook.NotifyChannel is null)
            read.Error(node, $"playbook '{name}' does nothing: give it ask_owner, notify, or escalate with immediately: true");
        if (playbook.Ask is not null && playbook.EscalateImmediately && keys.TryGetValue("escalate", out var esc))
            read.Error(esc, "escalate.immediately cannot be combined with ask_owner: the owner is asked first");
        if (playbook.QuietOnConfirm is not null && playbook.Ask is null && keys.TryGetValue("quiet_on_confirm", out var quiet))
            read.Error(quiet, "quiet_on_confirm needs ask_owner: only an owner's confirmation quiets a finding");
        return name is null ? null : playbook;
    }

    private PlaybookMatch ReadMatch(YamlNode node)
    {
        var keys = read.Mapping(node, "match", "rules", "tags", "priority", "sources", "namespaces", "clusters", "fields");
        if (keys is null) return new PlaybookMatch();
        PriorityCondition? priority = null;
        if (keys.TryGetValue("priority", out var p) && read.String(p, "match.priority") is { } text && !PriorityCondition.TryParse(text, out priority))
            read.Error(p, $"match.priority: '{text}' is not a Falco priority comparison (like >=Warning, <Notice, Critical)");
        var fields = new Dictionary<string, IReadOnlyList<TextPattern>>(StringComparer.Ordinal);
        if (keys.TryGetValue("fields", out var f))
        {
            if (f is not YamlMappingNode fieldMap) read.Error(f, "match.fields must map field names to values");
            else
                foreach (var (fieldKey, values) in fieldMap.Children)
                {
                    var field = (fieldKey as YamlScalarNode)?.Value;
                    if (string.IsNullOrEmpty(field)) read.Error(fieldKey, "match.fields: a field name must be a string");
                    else fields[field] = Patterns(values, $"match.fields.{field}");
                }
        }
        return new PlaybookMatch
        {
            Rules = keys.TryGetValue("rules", out var r) ? Patterns(r, "match.rules") : [],
            Tags = keys.TryGetValue("tags", out var t) ? (read.Strings(t, "match.tags") ?? []).Select(x => x.Value).ToList() : [],
            Priority = priority,
            Sources = keys.TryGetValue("sources", out var s) ? Patterns(s, "match.sources") : [],
            Namespaces = keys.TryGetValue("namespaces", out var ns) ? Patterns(ns, "match.namespaces") : [],
            Clusters = keys.TryGetValue("clusters", out var c) ? Patterns(c, "match.clusters") : [],
            Fields = fields,
        };
    }

    private List<TextPattern> Patterns(YamlNode node, string what)
    {
        var items = read.Strings(node, what) ?? [];
        if (node is YamlSequenceNode { Children.Count: 0 }) read.Error(node, $"{what} is empty: it would match nothing");
        return items.Select(i => new TextPattern(i.Value)).ToList();
    }

    private Grouping ReadGroup(YamlNode node)
    {
        var keys = read.Mapping(node, "group", "window", "by");
        if (keys is null) return Grouping.Default;
        var window = keys.TryGetValue("window", out var w) ? read.Duration(w, "group.window") ?? Grouping.Default.Window : Grouping.Default.Window;
        var by = new List<GroupKey>();
        if (keys.TryGetValue("by", out var b))
        {
            foreach (var (_, item) in read.Strings(b, "group.by") ?? [])
                if (read.Enum<GroupKey>(item, "group.by") is { } key && !by.Contains(key)) by.Add(key);
        }
        return new Grouping(window, by.Count > 0 ? by : Grouping.Default.By);
    }

    private AskOwner? ReadAsk(YamlNode node)
    {
        var keys = read.Mapping(node, "ask_owner", "timeout", "reminders", "business_hours", "require_reason", "allow_whitelist");
        if (keys is null) return null;
        if (!keys.TryGetValue("timeout", out var t))
        {
            read.Error(node, "ask_owner needs a timeout (how long silence lasts before the case escalates)");
            return null;
        }
        var timeout = read.Duration(t, "ask_owner.timeout");
        var reminders = new List<TimeSpan>();
        if (keys.TryGetValue("reminders", out var r))
        {
            foreach (var (_, item) in read.Strings(r, "ask_owner.reminders") ?? [])
            {
                if (read.Duration(item, "a reminder") is not { } reminder) continue;
                if (reminders.Count > 0 && reminder <= reminders[^1]) read.Error(item, "reminders must be in ascending order");
                else if (timeout is not null && reminder >= timeout) read.Error(item, $"a reminder at {Durations.Format(reminder)} would come after the timeout ({Durations.Format(timeout.Value)})");
                else reminders.Add(reminder);
            }
        }
        var hours = keys.TryGetValue("business_hours", out var h) ? ReadBusinessHours(h) : null;
        var reason = keys.TryGetValue("require_reason", out var rr) && read.Boolean(rr, "ask_owner.require_reason") == true;
        var whitelist = keys.TryGetValue("allow_whitelist", out var aw) && read.Boolean(aw, "ask_owner.allow_whitelist") == true;
        return timeout is null ? null : new AskOwner(timeout.Value, reminders, hours, reason, whitelist);
    }

    private BusinessHours? ReadBusinessHours(YamlNode node)
    {
        var keys = read.Mapping(node, "business_hours", "timezone", "days", "start", "end");
        if (keys is null) return null;
        var zone = TimeZoneInfo.Utc;
        if (keys.TryGetValue("timezone", out var z) && read.String(z, "business_hours.timezone") is { } id)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)) read.Error(z, $"business_hours.timezone: unknown time zone '{id}'");
            else zone = found;
        }
        var start = Time(keys, "start", new TimeOnly(9, 0));
        var end = Time(keys, "end", new TimeOnly(17, 0));
        if (end <= start) read.Error(node, "business_hours: end must be after start");
        var days = new HashSet<DayOfWeek>();
        if (keys.TryGetValue("days", out var d))
        {
            foreach (var (text, item) in read.Strings(d, "business_hours.days") ?? [])
            {
                var day = Enum.GetValues<DayOfWeek>().FirstOrDefault(x => x.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase) && text.Length >= 3, (DayOfWeek)(-1));
                if (day < 0) read.Error(item, $"business_hours.days: '{text}' is not a day (mon, tue, … sun)");
                else days.Add(day);
            }
            if (days.Count == 0) read.Error(d, "business_hours.days: at least one day is needed");
        }
        else days.UnionWith([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
        return new BusinessHours(zone, start, end, days);
    }

    private TimeOnly Time(Dictionary<string, YamlNode> keys, string key, TimeOnly fallback)
    {
        if (!keys.TryGetValue(key, out var node) || read.String(node, $"business_hours.{key}") is not { } text) return fallback;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        read.Error(node, $"business_hours.{key}: '{text}' is not a time of day (HH:mm)");
        return fallback;
    }

    private string? ReadNotify(YamlNode node)
    {
        var keys = read.Mapping(node, "notify", "channel");
        if (keys is null) return null;
        if (keys.TryGetValue("channel", out var c)) return read.String(c, "notify.channel");
        read.Error(node, "notify needs a channel");
        return null;
    }

    private Playbook ReadEscalate(YamlNode node, Playbook playbook)
    {
        var keys = read.Mapping(node, "escalate", "severity", "page", "channel", "immediately");
        if (keys is null) return playbook;
        var severity = playbook.Escalate.Severity;
        if (keys.TryGetValue("severity", out var s) && read.String(s, "escalate.severity") is { } text)
        {
            if (text is "low" or "medium" or "high" or "critical") severity = text;
            else read.Error(s, $"escalate.severity: '{text}' is not one of: low, medium, high, critical");
        }
        return playbook with
        {
            Escalate = new Escalation(
                severity,
                keys.TryGetValue("page", out var p) && read.Boolean(p, "escalate.page") == true,
                keys.TryGetValue("channel", out var c) ? read.String(c, "escalate.channel") : null),
            EscalateImmediately = keys.TryGetValue("immediately", out var i) && read.Boolean(i, "escalate.immediately") == true,
        };
    }

    private QuietOnConfirm? ReadQuiet(YamlNode node)
    {
        var keys = read.Mapping(node, "quiet_on_confirm", "for", "scope");
        if (keys is null) return null;
        if (!keys.TryGetValue("for", out var f))
        {
            read.Error(node, "quiet_on_confirm needs 'for' (how long)");
            return null;
        }
        var duration = read.Duration(f, "quiet_on_confirm.for");
        var scope = keys.TryGetValue("scope", out var s) ? read.Enum<QuietScope>(s, "quiet_on_confirm.scope") : QuietScope.Workload;
        return duration is null || scope is null ? null : new QuietOnConfirm(duration.Value, scope.Value);
    }
}
