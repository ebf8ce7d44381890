using System.Globalization;

namespace Hermes.Collector.Capture;

/// <summary>prctl(2) options by the names Falco renders for <c>evt.arg.option</c>; others as their number.</summary>
public static class PrctlOptions
{
    private static readonly Dictionary<long, string> Names = new()
    {
        [3] = "PR_GET_DUMPABLE", [4] = "PR_SET_DUMPABLE", [7] = "PR_GET_KEEPCAPS", [8] = "PR_SET_KEEPCAPS",
        [15] = "PR_SET_NAME", [16] = "PR_GET_NAME", [21] = "PR_GET_SECCOMP", [22] = "PR_SET_SECCOMP",
        [23] = "PR_CAPBSET_READ", [24] = "PR_CAPBSET_DROP", [27] = "PR_GET_SECUREBITS", [28] = "PR_SET_SECUREBITS",
        [33] = "PR_MCE_KILL", [35] = "PR_SET_MM", [36] = "PR_SET_CHILD_SUBREAPER", [37] = "PR_GET_CHILD_SUBREAPER",
        [38] = "PR_SET_NO_NEW_PRIVS", [39] = "PR_GET_NO_NEW_PRIVS", [40] = "PR_GET_TID_ADDRESS",
        [41] = "PR_SET_THP_DISABLE", [42] = "PR_GET_THP_DISABLE", [47] = "PR_CAP_AMBIENT",
    };

    public static string Render(long option) =>
        Names.TryGetValue(option, out var name) ? name : option.ToString(CultureInfo.InvariantCulture);
}
