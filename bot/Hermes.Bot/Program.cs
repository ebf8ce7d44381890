using Hermes.Ownership.CodeOwners;

// hermes-bot's command line: sub-commands run and exit; with no arguments (or ASP.NET Core's --urls) it serves.
if (args is ["owner", "codeowners", .. var rest])
    return CodeOwnersCommand.Run(rest, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
await app.RunAsync().ConfigureAwait(false);
return 0;
