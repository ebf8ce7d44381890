namespace Hermes.Collector.Capture;

/// <summary><c>hermes-collector capture</c>. Placeholder until the eBPF capture lands (being written now).</summary>
internal static class CaptureCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = args; _ = stdout; _ = cancellationToken;
        await stderr.WriteLineAsync("hermes-collector capture: not available in this build").ConfigureAwait(false);
        return 1;
    }
}
