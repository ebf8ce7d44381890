using Hermes.Bot.Intake;
using Hermes.Bot.Storage;
using Hermes.Ownership.CodeOwners;
using Hermes.Playbooks.Cli;

// hermes-bot's command line: sub-commands run and exit; with no arguments (or ASP.NET Core's --urls) it serves.
if (args is ["owner", "codeowners", .. var rest])
    return CodeOwnersCommand.Run(rest, Console.Out, Console.Error);
if (args is ["playbooks", "validate", .. var playbookPaths])
    return PlaybooksValidateCommand.Run(playbookPaths, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<IntakeOptions>(builder.Configuration.GetSection("Intake"));
builder.Services.AddSingleton(TimeProvider.System);
var dataDirectory = builder.Configuration["Storage:DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, ".data");
builder.Services.AddSingleton(new AlertStore(Path.Combine(dataDirectory, "hermes.db")));

var app = builder.Build();
app.Logger.LogInformation("Storage: SQLite in {DataDirectory}", dataDirectory);
if (app.Configuration.GetSection("Intake:Tokens").Get<string[]>() is not { Length: > 0 })
    app.Logger.LogWarning("Intake: no Intake:Tokens configured; POST /api/v1/alerts refuses every request");
app.MapGet("/healthz", () => Results.Ok("ok"));
app.MapAlertIntake();
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
