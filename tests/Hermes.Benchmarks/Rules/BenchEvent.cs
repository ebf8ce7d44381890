using Hermes.Rules.Fields;

namespace Hermes.Benchmarks.Rules;

/// <summary>
/// An event laid out like the collector's state gives it to the engine: values in arrays indexed by field id, so
/// reading one costs what the real thing costs (an array access), not a dictionary lookup.
/// </summary>
internal sealed class BenchEvent : IEventSource
{
    private readonly string?[] _strings = new string?[FieldRegistry.All.Count];
    private readonly long[] _numbers = new long[FieldRegistry.All.Count];
    private readonly bool[] _hasNumber = new bool[FieldRegistry.All.Count];
    private readonly List<(string Key, string Value)> _args = [];
    private string[] _ancestors = [];
    private IpAddressValue? _serverIp;

    public BenchEvent(string type)
    {
        EventType = EventTypes.CodeOf(type);
        Set(FieldId.EvtType, type);
    }

    public int EventType { get; }

    public BenchEvent Set(FieldId id, string value)
    {
        _strings[(int)id] = value;
        return this;
    }

    public BenchEvent Set(FieldId id, long value)
    {
        _numbers[(int)id] = value;
        _hasNumber[(int)id] = true;
        return this;
    }

    public BenchEvent Arg(string key, string value)
    {
        _args.Add((key, value));
        return this;
    }

    public BenchEvent Ancestors(params string[] names)
    {
        _ancestors = names;
        if (names.Length > 0) Set(FieldId.ProcPname, names[0]);
        return this;
    }

    public BenchEvent ServerIp(string ip)
    {
        IpAddressValue.TryParse(ip, out var value);
        _serverIp = value;
        return this;
    }

    public bool TryGetString(in FieldRef field, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        switch (field.Id)
        {
            case FieldId.ProcAname:
                var index = field.Index >= 0 ? field.Index - 1 : valueIndex;
                if (field.Index >= 0 && valueIndex > 0) return false;
                if (index < 0 || index >= _ancestors.Length) return false;
                value = _ancestors[index];
                return true;
            case FieldId.EvtArg:
                if (valueIndex > 0) return false;
                foreach (var (key, v) in _args)
                {
                    if (key != field.Key) continue;
                    value = v;
                    return true;
                }
                return false;
        }
        if (valueIndex > 0) return false;
        var s = _strings[(int)field.Id];
        if (s is null) return false;
        value = s;
        return true;
    }

    public bool TryGetNumber(in FieldRef field, int valueIndex, out long value)
    {
        value = _numbers[(int)field.Id];
        return valueIndex == 0 && _hasNumber[(int)field.Id];
    }

    public bool TryGetAddress(in FieldRef field, int valueIndex, out IpAddressValue value)
    {
        value = _serverIp ?? default;
        return valueIndex == 0 && _serverIp is not null && field.Id is FieldId.FdSip or FieldId.FdSnet or FieldId.FdRip or FieldId.FdRnet;
    }
}
