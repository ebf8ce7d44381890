using Hermes.Bot.Tests.Support;
using Hermes.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hermes.Bot.Tests.Intake;

/// <summary>
/// The real bot (its Program, endpoints, hosted workers, Quartz on a real SQLite file) in-process, with its own
/// data directory, the shipped playbooks, the harness catalog (alice owns namespace shop) and sam in security.
/// </summary>
public sealed class BotFactory(IReadOnlyDictionary<string, string>? settings = null, string catalog = BotHarness.Catalog) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("hermes-bot-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var catalogPath = Path.Combine(DataDirectory, "catalog.yaml");
        File.WriteAllText(catalogPath, catalog);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Intake:Tokens:0", "collector-token");
        builder.UseSetting("Intake:Tokens:1", "falco-token");
        builder.UseSetting("Intake:MaxBodyBytes", "65536");
        builder.UseSetting("Playbooks:Path", Repository.Path("playbooks"));
        builder.UseSetting("Ownership:CatalogPath", catalogPath);
        // Test alerts name images in registries that cannot be reached from here.
        builder.UseSetting("Ownership:Registry:Enabled", "false");
        builder.UseSetting("Security:Members:0", "sam");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
