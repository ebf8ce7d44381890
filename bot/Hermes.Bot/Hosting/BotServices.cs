using Hermes.Bot.Api;
using Hermes.Bot.Cases;
using Hermes.Bot.Commands;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;
using Hermes.Bot.Effects;
using Hermes.Bot.Intake;
using Hermes.Bot.Interactions;
using Hermes.Bot.Metrics;
using Hermes.Bot.Ownership;
using Hermes.Bot.Paging;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Hermes.Bot.Suppressions;
using Hermes.Bot.Slack;
using Hermes.Bot.Timers;
using Hermes.Slack.Api;
using Microsoft.Extensions.Options;
using Quartz;

namespace Hermes.Bot.Hosting;

/// <summary>Everything the bot runs, registered from configuration with the embedded defaults where nothing is set.</summary>
public static class BotServices
{
    public static void AddHermesBot(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var services = builder.Services;
        var storage = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var database = new Database(storage);
        services.AddSingleton(database);
        services.Configure<IntakeOptions>(config.GetSection("Intake"));
        services.Configure<SecurityTeam>(config.GetSection("Security"));
        services.Configure<ApiOptions>(config.GetSection("Api"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BotMetrics>();
        services.AddSingleton<Hermes.Slack.Api.ISlackCallObserver>(sp => sp.GetRequiredService<BotMetrics>());
        services.AddSingleton(sp => new PlaybookRegistry(config["Playbooks:Path"] ?? BotPaths.DefaultPlaybooks(), sp.GetRequiredService<ILogger<PlaybookRegistry>>()));
        services.AddHostedService<PlaybookReloader>();
        services.AddHttpClient("ownership", c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<IOwnershipPort>(sp => new ResolverOwnership(OwnershipConfiguration.Create(config, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("ownership"),
            string.IsNullOrEmpty(config["Slack:BotToken"]) ? null : new SlackDirectory(sp.GetRequiredService<SlackMethods>()))));
        services.AddSingleton<CaseStore>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<SecurityDirectory>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<InteractionHandler>();
        services.AddSingleton<IntakeStore>();
        services.AddSingleton<IntakeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IntakeWriter>());
        services.AddSingleton<SuppressionService>();
        services.AddSingleton<Hermes.Bot.Collectors.CollectorStore>();
        services.AddSingleton<FalconCommands>();
        services.AddSingleton<ConsoleChat>();
        services.Configure<SlackOptions>(config.GetSection("Slack"));
        services.AddHttpClient<SlackApiClient>();
        services.AddSingleton(sp => new ChannelPacer(sp.GetRequiredService<IOptions<SlackOptions>>().Value.ChannelSpacing, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SlackMethods>(sp => new SlackMethods(sp.GetRequiredService<SlackApiClient>(), sp.GetRequiredService<ChannelPacer>()));
        services.AddSingleton<SlackChat>();
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<SlackRouter>();
        services.AddSingleton<SocketModeClient>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketModeClient>());
        services.AddHostedService<SecurityGroupSync>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackInbox>());
        // Slack when a bot token is configured; otherwise the built-in web console.
        if (string.IsNullOrEmpty(config["Slack:BotToken"])) services.AddSingleton<IChatPort>(sp => sp.GetRequiredService<ConsoleChat>());
        else services.AddSingleton<IChatPort>(sp => sp.GetRequiredService<SlackChat>());
        services.Configure<Hermes.Bot.Elasticsearch.ElasticsearchOptions>(config.GetSection("Elasticsearch"));
        if (!string.IsNullOrEmpty(config["Elasticsearch:Url"]))
        {
            services.AddHttpClient<Hermes.Bot.Elasticsearch.BulkClient>((sp, http) => http.Timeout = TimeSpan.FromSeconds(30));
            services.AddSingleton(sp => sp.GetRequiredService<IOptions<Hermes.Bot.Elasticsearch.ElasticsearchOptions>>().Value);
            services.AddHostedService<Hermes.Bot.Elasticsearch.ElasticsearchExporter>();
        }
        services.Configure<PagingOptions>(config.GetSection("Paging"));
        services.AddHttpClient<PagerDutyPager>();
        services.AddHttpClient<OpsgeniePager>();
        switch (config["Paging:Provider"]?.ToLowerInvariant() ?? "console")
        {
            case "pagerduty": services.AddSingleton<IPagerPort>(sp => sp.GetRequiredService<PagerDutyPager>()); break;
            case "opsgenie": services.AddSingleton<IPagerPort>(sp => sp.GetRequiredService<OpsgeniePager>()); break;
            case "console": services.AddSingleton<IPagerPort>(sp => sp.GetRequiredService<ConsoleChat>()); break;
            default: throw new InvalidOperationException($"Paging:Provider '{config["Paging:Provider"]}' is not console, pagerduty or opsgenie");
        }
        services.AddSingleton<EffectStore>();
        services.AddSingleton<EffectExecutor>();
        services.AddSingleton<EffectWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EffectWorker>());
        services.AddSingleton<ICaseTimers, QuartzCaseTimers>();
        services.AddQuartz(q =>
        {
            q.AddJob<CaseTimerJob>(j => j.WithIdentity(CaseTimerJob.Key).StoreDurably());
            q.UsePersistentStore(store =>
            {
                store.ProvisionSchema();
                if (database.IsPostgres)
                {
                    store.UsePostgres(database.SchedulerConnectionString);
                    // Several replicas share one schedule: each trigger fires on exactly one of them.
                    store.UseClustering(_ => { });
                }
                else store.UseSqlite(database.SchedulerConnectionString);
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    /// <summary>Creates the schema before anything else touches the database, and says what was chosen.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var database = app.Services.GetRequiredService<Database>();
        var applied = await Migrations.ApplyAsync(database).ConfigureAwait(false);
        var playbooks = app.Services.GetRequiredService<PlaybookRegistry>();
        var config = app.Configuration;
        app.Logger.LogInformation("Storage: {Database}{Migrations}", database.Description,
            applied.Count > 0 ? $" (applied migrations {string.Join(", ", applied)})" : "");
        app.Logger.LogInformation("Playbooks: {Count} from {Path}, default '{Default}'", playbooks.Current.Playbooks.Count, playbooks.Path, playbooks.Current.Default.Name);
        app.Logger.LogInformation("Ownership: {Catalog}", config["Ownership:CatalogPath"] is { } catalog ? $"catalog {catalog}" : "no Ownership:CatalogPath; every case is unowned and goes to security triage");
        app.Logger.LogInformation("Paging: {Provider}", config["Paging:Provider"] ?? "console (pages shown in /console)");
        app.Logger.LogInformation(string.IsNullOrEmpty(config["Slack:BotToken"])
            ? "Chat: built-in web console at /console (no Slack:BotToken configured)"
            : "Chat: Slack ({Api}); inbound requests on /slack/* verified with Slack:SigningSecret", config["Slack:ApiBaseUrl"] ?? "https://slack.com/api/");
        if (!string.IsNullOrEmpty(config["Slack:BotToken"]) && string.IsNullOrEmpty(config["Slack:SigningSecret"]))
            app.Logger.LogWarning("Slack: no Slack:SigningSecret; /slack/* refuses every request (buttons and /falcon will not work)");
        if (config.GetSection("Intake:Tokens").Get<string[]>() is not { Length: > 0 })
            app.Logger.LogWarning("Intake: no Intake:Tokens configured; POST /api/v1/alerts refuses every request");
    }
}
