using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hermes.Bot.Tests.Intake;

/// <summary>The real bot (its Program, its endpoints, a real SQLite file) in-process, with its own data directory.</summary>
public sealed class BotFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("hermes-bot-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Intake:Tokens:0", "collector-token");
        builder.UseSetting("Intake:Tokens:1", "falco-token");
        builder.UseSetting("Intake:MaxBodyBytes", "65536");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
