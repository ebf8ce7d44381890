using Hermes.Bot.Api;
using Hermes.Bot.Collectors;
using Hermes.Bot.Console;
using Hermes.Bot.Dashboard;
using Hermes.Bot.Hosting;
using Hermes.Bot.Intake;
using Hermes.Bot.Ownership;
using Hermes.Bot.Slack;
using Hermes.Bot.Suppressions;
using Hermes.Ownership.CodeOwners;
using Hermes.Playbooks.Cli;
using Prometheus;

// hermes-bot's command line: sub-commands run and exit; with no arguments (or ASP.NET Core's --urls) it serves.
if (args is ["owner", "codeowners", .. var rest])
    return CodeOwnersCommand.Run(rest, Console.Out, Console.Error);
if (args is ["owner", "resolve", .. var resolveArgs])
    return await Hermes.Bot.Ownership.OwnerResolveCommand.RunAsync(resolveArgs,
        new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error).ConfigureAwait(false);
if (args is ["playbooks", "validate", .. var playbookPaths])
    return PlaybooksValidateCommand.Run(playbookPaths, Console.Out, Console.Error);

if (args is ["diagram"])
{
    Console.Write(Hermes.Bot.Conversation.CaseMachine.DiagramPage());
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddHermesBot();
var app = builder.Build();
await app.PrepareAsync().ConfigureAwait(false);
app.MapGet("/healthz", () => Results.Ok("ok"));
app.MapReadiness();
app.MapMetrics("/metrics");
app.MapAlertIntake();
app.MapCaseApi();
app.MapSuppressionApi();
app.MapOwnershipApi();
app.MapConsole();
app.MapDashboard();
app.MapCollectors();
app.MapSlack();
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
