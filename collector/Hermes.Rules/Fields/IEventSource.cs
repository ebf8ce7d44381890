namespace Hermes.Rules.Fields;

/// <summary>
/// The values of one event, as the rule engine reads them. The collector's event-and-state layer implements it
/// over the kernel's events; tests implement it over hand-built events. Implementations must not allocate: the
/// engine calls these for every candidate rule of every event.
/// </summary>
/// <remarks>
/// Every getter returns false when the field has no value for this event (Falco's <c>&lt;NA&gt;</c>): checks on
/// a missing value are false, whatever the operator. Multi-valued fields (<c>fd.types</c>, <c>proc.aname</c>
/// without an index) return their values for <c>valueIndex</c> 0, 1, … until the getter returns false;
/// single-valued fields answer only for <c>valueIndex</c> 0.
/// </remarks>
public interface IEventSource
{
    /// <summary>The event type's code in <see cref="EventTypes"/>, used to pick the candidate rules.</summary>
    int EventType { get; }

    /// <summary>A <see cref="FieldType.String"/> field's value.</summary>
    bool TryGetString(in FieldRef field, int valueIndex, out ReadOnlySpan<char> value);

    /// <summary>An integer, boolean (0/1) or time (nanoseconds) field's value.</summary>
    bool TryGetNumber(in FieldRef field, int valueIndex, out long value);

    /// <summary>An <see cref="FieldType.Address"/> or <see cref="FieldType.Network"/> field's value.</summary>
    bool TryGetAddress(in FieldRef field, int valueIndex, out IpAddressValue value);
}
