using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Bot.Tests.Intake;

public sealed class AlertIntakeTests : IDisposable
{
    private readonly BotFactory _bot = new();

    public void Dispose() => _bot.Dispose();

    private static string Alert(string key = "k1", string rule = "Read sensitive file untrusted", string priority = "Warning") => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["hostname"] = "node-1",
        ["output"] = "12:00:00.000000000: Warning Sensitive file opened | file=/etc/shadow",
        ["output_fields"] = new Dictionary<string, object> { ["fd.name"] = "/etc/shadow", ["hermes.idempotency_key"] = key },
        ["priority"] = priority,
        ["rule"] = rule,
        ["source"] = "syscall",
        ["tags"] = new[] { "filesystem", "mitre_credential_access" },
        ["time"] = "2026-11-23T04:25:44.513016637Z",
    });

    private async Task<HttpResponseMessage> Post(string body, string? token = "collector-token", string contentType = "application/json")
    {
        using var client = _bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private long Stored() => Query<long>("SELECT COUNT(*) FROM alerts").Single();

    private List<(string Key, string Rule, string Priority)> Rows() =>
        Query<(string, string, string)>("SELECT idempotency_key, rule, priority FROM alerts ORDER BY id");

    private List<T> Query<T>(string sql)
    {
        using var connection = _bot.Services.GetRequiredService<Hermes.Bot.Storage.Database>().OpenAsync().GetAwaiter().GetResult();
        return Dapper.SqlMapper.Query<T>(connection, sql).ToList();
    }

    [Fact]
    public async Task OneAlert_IsAcceptedAfterItIsStored()
    {
        var response = await Post(Alert());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, Stored());
        var rows = Rows();
        Assert.Equal(("k1", "Read sensitive file untrusted", "Warning"), Assert.Single(rows));
    }

    [Fact]
    public async Task ArrayAndJsonLines_AreAccepted()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Post($"[{Alert("a")},{Alert("b")}]")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Post($"{Alert("c")}\n{Alert("d")}\n", contentType: "application/x-ndjson")).StatusCode);
        Assert.Equal(4, Stored());
    }

    [Fact]
    public async Task PrettyPrintedAlert_IsOneAlert()
    {
        var pretty = JsonNode.Parse(Alert("p"))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Assert.Equal(HttpStatusCode.Accepted, (await Post(pretty)).StatusCode);
        Assert.Equal(1, Stored());
    }

    [Fact]
    public async Task Replay_IsAcknowledgedAndStoredOnce()
    {
        await Post(Alert("same"));
        var response = await Post(Alert("same"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, doc.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, Stored());
    }

    [Fact]
    public async Task StockFalcoAlertsWithoutKey_AreDeduplicatedByContent()
    {
        var node = JsonNode.Parse(Alert())!;
        node["output_fields"]!.AsObject().Remove("hermes.idempotency_key");
        node["uuid"] = "6f2b…"; // Falcosidekick adds fields of its own: accepted and kept
        await Post(node.ToJsonString(), token: "falco-token");
        await Post(node.ToJsonString(), token: "falco-token");
        node["time"] = "2026-11-23T04:25:45.000000000Z";
        await Post(node.ToJsonString(), token: "falco-token");
        Assert.Equal(2, Stored());
    }

    [Fact]
    public async Task PriorityNames_AreCaseInsensitive()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Post(Alert("p1", priority: "CRITICAL"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Post(Alert("p2", priority: "info"))).StatusCode);
        Assert.Equal(["Critical", "Informational"], Rows().Select(r => r.Priority));
    }

    [Theory]
    [InlineData("rule", null, "rule: required")]
    [InlineData("rule", 42, "rule: must be a string, not number")]
    [InlineData("rule", "", "rule: must not be empty")]
    [InlineData("priority", null, "priority: required")]
    [InlineData("priority", "LOUD", "priority: 'LOUD' is not a Falco priority")]
    [InlineData("time", null, "time: required")]
    [InlineData("time", "yesterday", "time: 'yesterday' is not an ISO 8601 time")]
    [InlineData("time", 1700000000, "time: must be a string, not number")]
    [InlineData("output_fields", null, "output_fields: required")]
    [InlineData("output_fields", "x", "output_fields: must be an object")]
    [InlineData("output", 5, "output: must be a string, not number")]
    [InlineData("tags", "a", "tags: must be an array of strings")]
    public async Task BadField_Is400NamingTheField_AndNothingIsStored(string field, object? value, string problem)
    {
        var node = JsonNode.Parse(Alert())!.AsObject();
        node.Remove(field);
        if (value is not null) node[field] = JsonValue.Create(value);
        var response = await Post(node.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Stored());
    }

    [Fact]
    public async Task BatchWithOneBadAlert_IsRejectedWhole()
    {
        var bad = JsonNode.Parse(Alert("b"))!.AsObject();
        bad.Remove("rule");
        var response = await Post($"[{Alert("a")},{bad.ToJsonString()}]");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("alert[1].rule: required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Stored());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    public async Task Malformed_Is400(string body)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(body)).StatusCode);
        Assert.Equal(0, Stored());
    }

    [Fact]
    public async Task Oversize_Is413()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 200).Select(i => Alert($"k{i}")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post(lines)).StatusCode);
        Assert.Equal(0, Stored());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("collector-token-but-longer")]
    public async Task MissingOrWrongToken_Is401(string? token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(Alert(), token)).StatusCode);
        Assert.Equal(0, Stored());
    }

    [Fact]
    public async Task GzipBodies_AreAccepted()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Alert("z")));
        using var client = _bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts") { Content = new ByteArrayContent(compressed.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "collector-token");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(1, Stored());
    }
}
