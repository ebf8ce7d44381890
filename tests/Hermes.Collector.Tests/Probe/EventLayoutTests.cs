using System.Text.RegularExpressions;
using Hermes.Collector.Probe;

namespace Hermes.Collector.Tests.Probe;

/// <summary>
/// The probe (C) and the decoder (C#) share a binary layout. probe.h pins it with compile-time assertions; this
/// test checks that the decoder's constants say the same, so changing one side alone fails here, not in production.
/// </summary>
public sealed partial class EventLayoutTests
{
    [GeneratedRegex(@"_Static_assert\((?:__builtin_offsetof\(struct hermes_event, (?<field>\w+)\)|sizeof\(struct hermes_event\)) == (?<value>\d+)")]
    private static partial Regex Assertion();

    [Fact]
    public void DecoderOffsets_MatchTheProbeHeader()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "collector", "Hermes.Collector", "Probe", "probe.h"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var header = File.ReadAllText(Path.Combine(dir.FullName, "collector", "Hermes.Collector", "Probe", "probe.h"));
        var asserted = Assertion().Matches(header).ToDictionary(m => m.Groups["field"].Success ? m.Groups["field"].Value : "size", m => int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

        var expected = new Dictionary<string, int>
        {
            ["size"] = EventRecord.HeaderSize,
            ["mntns"] = EventRecord.MountNamespaceOffset,
            ["args"] = EventRecord.ArgsOffset,
            ["tty"] = EventRecord.TtyOffset,
            ["nparams"] = EventRecord.ParameterCountOffset,
            ["comm"] = EventRecord.CommOffset,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), asserted.OrderBy(p => p.Key));
    }
}
