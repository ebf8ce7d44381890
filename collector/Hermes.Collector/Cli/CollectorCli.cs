using Hermes.Collector.Capture;
using Hermes.Collector.Daemon;

namespace Hermes.Collector.Cli;

/// <summary>Dispatches <c>hermes-collector</c>'s sub-commands; each lives in its feature folder.</summary>
internal static class CollectorCli
{
    private const string Usage = """
        usage: hermes-collector <command> [args]

        commands:
          rules validate FILE...   load rules files in order and report every warning and error
          rules describe FILE...   list each rule with its priority, tags and event types
          run --rules FILE... [--output stdout|file:PATH|http:URL]... [--config FILE]
                                   the node daemon: capture, match the rules, deliver Falco JSON alerts
          capture [options]        capture syscalls with the eBPF probe and print them as JSON lines
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancel = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        return args[0] switch
        {
            "rules" => RulesCommand.Run(args[1..], stdout, stderr),
            "run" => await RunCommand.RunAsync(args[1..], stdout, stderr, cancel.Token).ConfigureAwait(false),
            "capture" => await CaptureCommand.RunAsync(args[1..], stdout, stderr, cancel.Token).ConfigureAwait(false),
            _ => await UnknownAsync(args[0], stderr).ConfigureAwait(false),
        };
    }

    private static async Task<int> UnknownAsync(string command, TextWriter stderr)
    {
        await stderr.WriteLineAsync($"hermes-collector: unknown command '{command}'\n\n{Usage}").ConfigureAwait(false);
        return 2;
    }
}
