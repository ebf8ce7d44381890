using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Ownership;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Ownership;

/// <summary><c>hermes-bot owner resolve</c> and <c>GET /api/v1/ownership</c> over the catalog port.</summary>
public sealed class OwnershipLookupTests : IDisposable
{
    private readonly string _catalog = Path.GetTempFileName();

    public OwnershipLookupTests() => File.WriteAllText(_catalog, BotHarness.Catalog + "\n" + """
          - name: payments-api
            owners: [bob]
            match: {labels: {app: payments-api}, images: ["registry.example.com/acme/payments*"]}
        """);

    public void Dispose() => File.Delete(_catalog);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OwnerResolveCommand.RunAsync([.. args, "--catalog", _catalog], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Resolve_ByNamespace_PrintsOwnersAndWhy()
    {
        var (code, output, _) = await RunAsync("--namespace", "shop", "--pod", "web-1");
        Assert.Equal(0, code);
        Assert.Contains("service:     shop-frontend", output, StringComparison.Ordinal);
        Assert.Contains("owners:      alice", output, StringComparison.Ordinal);
        Assert.Contains($"service from catalog {_catalog}: namespaces=[shop]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ByImageAndLabel_AsJson()
    {
        var (code, output, _) = await RunAsync("--image", "registry.example.com/acme/payments-api:1.2", "--label", "app=payments-api", "--json");
        Assert.Equal(0, code);
        var answer = JsonNode.Parse(output)!;
        Assert.Equal("payments-api", (string?)answer["service"]);
        Assert.Equal("bob", (string?)answer["owners"]![0]);
    }

    [Fact]
    public async Task Resolve_Unowned_SaysWhatWasTriedAndExitsOne()
    {
        var (code, output, _) = await RunAsync("--image", "docker.io/library/busybox:1");
        Assert.Equal(1, code);
        Assert.StartsWith("unowned:", output, StringComparison.Ordinal);
        Assert.Contains($"catalog {_catalog}: 2 service(s)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--label", "nokeyvalue")]
    [InlineData("--frobnicate", "x")]
    [InlineData("--pod", "only-a-pod")]
    public async Task Resolve_BadArguments_AreUsageErrors(string option, string value)
    {
        var (code, _, error) = await RunAsync(option, value);
        Assert.Equal(2, code);
        Assert.Contains("usage: hermes-bot owner resolve", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BrokenCatalog_IsReportedNotTreatedAsUnowned()
    {
        File.WriteAllText(_catalog, "services:\n  - name: x\n    match: {namespaces: [shop]\n");
        var (code, _, error) = await RunAsync("--namespace", "shop");
        Assert.Equal(2, code);
        Assert.Contains("not a valid catalog", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_AnswersWithProvenance_AndRefusesAnEmptyQuery()
    {
        using var bot = new BotFactory();
        using var client = bot.CreateClient();
        var answer = (await client.GetFromJsonAsync<JsonObject>("/api/v1/ownership?namespace=shop&pod=web-1"))!;
        Assert.Equal("shop-frontend", (string?)answer["service"]);
        Assert.NotNull(answer["provenance"]!["owners"]);
        Assert.False((bool)(await client.GetFromJsonAsync<JsonObject>("/api/v1/ownership?namespace=elsewhere"))!["owned"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/ownership")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/ownership?label=broken")).StatusCode);
    }
}
