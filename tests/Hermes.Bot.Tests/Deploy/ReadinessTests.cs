using System.Net;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Deploy;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_FollowsTheDatabase()
    {
        var db = await TestDatabase.CreateAsync("postgres");
        using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = db.Options.ConnectionString!,
        });
        using var client = bot.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await db.DisposeAsync(); // drops the database under the running bot
        var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("database does not answer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
