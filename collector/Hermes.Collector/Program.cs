using Hermes.Collector.Cli;

return await CollectorCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
