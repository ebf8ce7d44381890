using Hermes.Rules.Fields;

namespace Hermes.Collector.Tests.Daemon;

/// <summary>A minimal event for pipeline tests: a type and string fields by id.</summary>
internal sealed class FakeEvent(string type, Dictionary<FieldId, string> strings) : IEventSource
{
    public int EventType { get; } = EventTypes.CodeOf(type);

    public bool TryGetString(in FieldRef field, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (field.Id == FieldId.EvtType && valueIndex == 0)
        {
            value = EventTypes.NameOf(EventType);
            return true;
        }
        if (valueIndex != 0 || !strings.TryGetValue(field.Id, out var s)) return false;
        value = s;
        return true;
    }

    public bool TryGetNumber(in FieldRef field, int valueIndex, out long value)
    {
        value = 1_700_000_000_000_000_000;
        return field.Id == FieldId.EvtRawtime && valueIndex == 0;
    }

    public bool TryGetAddress(in FieldRef field, int valueIndex, out IpAddressValue value)
    {
        value = default;
        return false;
    }
}
