using Hermes.Rules.Fields;

namespace Hermes.Rules.Tests.Support;

/// <summary>
/// A hand-built event for rule tests: field values set by Falco name. Unset fields are missing (<c>&lt;NA&gt;</c>).
/// <c>proc.aname[N]</c> and friends are set per index; <see cref="Ancestors"/> fills names of the parent chain.
/// </summary>
public sealed class TestEvent : IEventSource
{
    private readonly Dictionary<(FieldId Id, int Index, string? Key), List<object>> _values = [];

    private TestEvent(string eventType)
    {
        EventType = EventTypes.CodeOf(eventType);
        if (EventType < 0) throw new ArgumentException($"unknown event type {eventType}", nameof(eventType));
        Set("evt.type", eventType);
        Set("evt.dir", "<");
        Set("evt.rawtime", 1_700_000_000_123_456_789L);
    }

    /// <inheritdoc />
    public int EventType { get; }

    /// <summary>An exit event of the given type.</summary>
    public static TestEvent Of(string eventType) => new(eventType);

    /// <summary>Sets a field, e.g. <c>Set("proc.name", "cat")</c>, <c>Set("proc.aname[2]", "sshd")</c>, <c>Set("fd.num", 3L)</c>.</summary>
    public TestEvent Set(string field, params object[] values)
    {
        var key = Resolve(field);
        _values[key] = values.Select(Normalize).ToList();
        return this;
    }

    /// <summary>Removes a field, making it missing.</summary>
    public TestEvent Unset(string field)
    {
        _values.Remove(Resolve(field));
        return this;
    }

    /// <summary>Sets the ancestors' names: the first is the parent (<c>proc.pname</c>, <c>proc.aname[1]</c>).</summary>
    public TestEvent Ancestors(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length > 0) Set("proc.pname", names[0]);
        for (var i = 0; i < names.Length; i++) Set($"proc.aname[{i + 1}]", names[i]);
        _values[(FieldId.ProcAname, -1, null)] = names.Cast<object>().ToList();
        return this;
    }

    private static (FieldId, int, string?) Resolve(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var name = bracket > 0 ? field[..bracket] : field;
        var argument = bracket > 0 ? field[(bracket + 1)..^1] : null;
        if (!FieldRegistry.TryResolve(name, argument, out var resolved, out var error))
            throw new ArgumentException(error, nameof(field));
        return (resolved.Id, resolved.Index, resolved.Key);
    }

    private static object Normalize(object value) => value switch
    {
        int i => (long)i,
        uint u => (long)u,
        bool b => b ? 1L : 0L,
        string s when IpAddressValue.TryParse(s, out var ip) => new object[] { s, ip },
        _ => value,
    };

    private bool TryGet(in FieldRef field, int valueIndex, out object? value)
    {
        value = null;
        if (!_values.TryGetValue((field.Id, field.Index, field.Key), out var values))
        {
            // fd.types[1]: an element of a list field set as a whole.
            if (field.Index < 0 || !field.Definition.IsList || valueIndex > 0 || !_values.TryGetValue((field.Id, -1, null), out var list)) return false;
            if (field.Index >= list.Count) return false;
            value = list[field.Index];
            return true;
        }
        if (valueIndex >= values.Count) return false;
        value = values[valueIndex];
        return true;
    }

    /// <inheritdoc />
    public bool TryGetString(in FieldRef field, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!TryGet(field, valueIndex, out var v)) return false;
        value = v switch { object[] pair => (string)pair[0], _ => v!.ToString() };
        return true;
    }

    /// <inheritdoc />
    public bool TryGetNumber(in FieldRef field, int valueIndex, out long value)
    {
        value = 0;
        if (!TryGet(field, valueIndex, out var v) || v is not long number) return false;
        value = number;
        return true;
    }

    /// <inheritdoc />
    public bool TryGetAddress(in FieldRef field, int valueIndex, out IpAddressValue value)
    {
        value = default;
        if (!TryGet(field, valueIndex, out var v) || v is not object[] { Length: 2 } pair) return false;
        value = (IpAddressValue)pair[1];
        return true;
    }
}
