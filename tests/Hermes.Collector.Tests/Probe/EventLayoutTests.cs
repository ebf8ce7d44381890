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

    [GeneratedRegex(@"_Static_assert\(sizeof\(struct hermes_(?<type>exe_info|task_info)\) == (?<value>\d+)")]
    private static partial Regex ParameterSize();

    private static string ProbeHeader()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "collector", "Hermes.Collector", "Probe", "probe.h"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "collector", "Hermes.Collector", "Probe", "probe.h"));
    }

    [Fact]
    public void FixedParameterSizes_MatchTheProbeHeader()
    {
        var sizes = ParameterSize().Matches(ProbeHeader()).ToDictionary(m => m.Groups["type"].Value, m => int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExeInfo.Size, sizes["exe_info"]);
        Assert.Equal(TaskInfo.Size, sizes["task_info"]);
        Assert.Contains("_Static_assert(__builtin_offsetof(struct hermes_task_info, vpid) == 24", ProbeHeader(), StringComparison.Ordinal);
    }

    [Fact]
    public void RulesWantBits_MatchTheProbeHeader()
    {
        var header = ProbeHeader();
        Assert.Contains($"#define HERMES_RULES_CLOSE {(int)RulesWant.Close}", header, StringComparison.Ordinal);
        Assert.Contains($"#define HERMES_RULES_FCNTL {(int)RulesWant.Fcntl}", header, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskInfo_ReadsTheLayoutTheProbeWrites()
    {
        var bytes = new byte[TaskInfo.Size];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), 0x3fUL);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), 0x1UL);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), 123_456UL);
        BitConverter.TryWriteBytes(bytes.AsSpan(24), 7);
        BitConverter.TryWriteBytes(bytes.AsSpan(28), 9);
        Assert.Equal(new TaskInfo(0x3f, 1, 123_456, 7, 9), TaskInfo.From(bytes));
        Assert.Null(TaskInfo.From(bytes.AsSpan(0, 31)));
    }

    [Fact]
    public void DecoderOffsets_MatchTheProbeHeader()
    {
        var header = ProbeHeader();
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
