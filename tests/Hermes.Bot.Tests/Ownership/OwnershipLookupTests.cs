using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Ownership;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Hermes.Bot.Tests.Ownership;

/// <summary><c>hermes-bot owner resolve</c> and <c>GET /api/v1/ownership</c> over the ownership service with a local catalog.</summary>
public sealed class OwnershipLookupTests : IDisposable
{
    private readonly string _catalog = Path.GetTempFileName();

    public OwnershipLookupTests() => File.WriteAllText(_catalog, BotHarness.Catalog + "\n" + """
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments-api
          annotations: {hermes.dev/images: "registry.example.com/acme/payments*", backstage.io/kubernetes-label-selector: app=payments-api}
        spec: {type: service, owner: group:payments}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments}
        spec: {type: team, members: [bob]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: bob, annotations: {slack.com/user-id: U0BOB}}
        spec: {profile: {email: bob@example.com}}
        """);

    public void Dispose() => File.Delete(_catalog);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The registry is not asked: these images are not in a reachable registry.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Ownership:Registry:Enabled"] = "false" }).Build();
        var code = await OwnerResolveCommand.RunAsync([.. args, "--catalog", _catalog], config, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Resolve_ByNamespace_PrintsOwnersAndWhy()
    {
        var (code, output, _) = await RunAsync("--namespace", "shop", "--pod", "web-1");
        Assert.Equal(0, code);
        Assert.Contains("service:     shop-frontend", output, StringComparison.Ordinal);
        Assert.Contains("from catalog: namespace shop matches backstage.io/kubernetes-namespace 'shop'", output, StringComparison.Ordinal);
        Assert.Contains("person:      alice", output, StringComparison.Ordinal);
        Assert.Contains("channel:     #shop", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ByImage_ExpandsTheGroupToPeopleWithTheirSlackIds_AsJson()
    {
        var (code, output, _) = await RunAsync("--image", "registry.example.com/acme/payments-api:1.2", "--json");
        Assert.Equal(0, code);
        var answer = JsonNode.Parse(output)!;
        Assert.Equal("payments-api", (string?)answer["service"]!["value"]);
        Assert.Contains("hermes.dev/images 'registry.example.com/acme/payments*'", (string?)answer["service"]!["why"], StringComparison.Ordinal);
        var person = answer["people"]![0]!;
        Assert.Equal("U0BOB", (string?)person["slackUserId"]);
        Assert.Equal("bob@example.com", (string?)person["email"]);
    }

    [Fact]
    public async Task Resolve_Unowned_SaysWhatWasTriedAndExitsOne()
    {
        var (code, output, _) = await RunAsync("--image", "docker.io/library/busybox:1");
        Assert.Equal(1, code);
        Assert.StartsWith("unowned:", output, StringComparison.Ordinal);
        Assert.Contains($"catalog: no Component in {_catalog} (2 components) matches", output, StringComparison.Ordinal);
        Assert.Contains("kubernetes: no ownership keys", output, StringComparison.Ordinal);
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
    public async Task Resolve_BrokenCatalog_IsReportedWithItsPositionNotTreatedAsUnowned()
    {
        File.WriteAllText(_catalog, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x, annotations: {a: b}\n");
        var (code, _, error) = await RunAsync("--namespace", "shop");
        Assert.Equal(2, code);
        Assert.Contains($"{_catalog}:4:1: not valid YAML", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_AnswersWithProvenance_AndRefusesAnEmptyQuery()
    {
        using var bot = new BotFactory();
        using var client = bot.CreateClient();
        var answer = (await client.GetFromJsonAsync<JsonObject>("/api/v1/ownership?namespace=shop&pod=web-1"))!;
        Assert.Equal("shop-frontend", (string?)answer["service"]!["value"]);
        Assert.Equal("catalog", (string?)answer["owners"]!["source"]);
        Assert.False((bool)(await client.GetFromJsonAsync<JsonObject>("/api/v1/ownership?namespace=elsewhere"))!["owned"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/ownership")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/ownership?label=broken")).StatusCode);
    }
}
