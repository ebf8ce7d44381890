namespace Hermes.Collector.Cli;

/// <summary><c>hermes-collector rules validate|describe</c>.</summary>
internal static class RulesCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _ = args; _ = stdout;
        stderr.WriteLine("hermes-collector rules: not available in this build");
        return 1;
    }
}
