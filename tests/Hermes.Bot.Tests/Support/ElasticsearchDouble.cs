using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hermes.Bot.Tests.Support;

/// <summary>
/// Elasticsearch's index template and bulk APIs, strict where Elasticsearch is: <c>_bulk</c> takes
/// <c>application/x-ndjson</c> (406 otherwise), the body must end with a newline (400), every action line is one of
/// index/create/update/delete followed by its source; targets must match an installed template; data streams accept
/// only <c>create</c> and need <c>@timestamp</c>; a second create of an <c>_id</c> is 409. Failures can be injected:
/// the whole service down (503), the next items answered 429, documents refused by a predicate (400 mapper_parsing).
/// </summary>
public sealed class ElasticsearchDouble : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _itemFailures = new();
    private HttpDouble? _http;

    public ConcurrentDictionary<string, JsonObject> Templates { get; } = new();

    public ConcurrentDictionary<(string Stream, string Id), JsonObject> Documents { get; } = new();

    /// <summary>What arrived, in order ("template NAME" or "bulk N").</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public bool Down { get; set; }

    public Func<JsonObject, bool>? Refuse { get; set; }

    public Uri Url => _http!.Address;

    public void FailNextItems(int count, int status = 429)
    {
        for (var i = 0; i < count; i++) _itemFailures.Enqueue(status);
    }

    public IReadOnlyList<JsonObject> In(string stream) => Documents.Where(d => d.Key.Stream == stream).Select(d => d.Value).ToList();

    public static async Task<ElasticsearchDouble> StartAsync()
    {
        var es = new ElasticsearchDouble();
        es._http = await HttpDouble.StartAsync(app =>
        {
            app.MapPut("/_index_template/{name}", (Delegate)es.PutTemplateAsync);
            app.MapPost("/_bulk", (Delegate)es.BulkAsync);
        });
        return es;
    }

    public ValueTask DisposeAsync() => _http?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<IResult> PutTemplateAsync(HttpContext http, string name)
    {
        if (Down) return Error(503, "unavailable", "cluster unavailable");
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync()) as JsonObject;
        if (body?["index_patterns"] is not JsonArray || body["template"] is not JsonObject)
            return Error(400, "x_content_parse_exception", "index template needs index_patterns and template");
        Templates[name] = body;
        Requests.Enqueue($"template {name}");
        return Results.Json(new { acknowledged = true });
    }

    private async Task<IResult> BulkAsync(HttpContext http)
    {
        if (Down) return Error(503, "unavailable", "cluster unavailable");
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-ndjson", StringComparison.Ordinal))
            return Error(406, "illegal_argument_exception", $"Content-Type header [{contentType}] is not supported");
        var text = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
        if (!text.EndsWith('\n')) return Error(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
        var lines = text.Split('\n')[..^1];
        var items = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (JsonNode.Parse(lines[i]) is not JsonObject action || action.Count != 1 || action.First().Key is not ("index" or "create" or "update" or "delete"))
                return Error(400, "illegal_argument_exception", $"Malformed action/metadata line [{i + 1}], expected a simple value for field [_index]");
            var (op, meta) = (action.First().Key, action.First().Value as JsonObject);
            if (op == "delete") continue;
            if (++i >= lines.Length || JsonNode.Parse(lines[i]) is not JsonObject source)
                return Error(400, "illegal_argument_exception", $"Validation Failed: 1: no requests added; source missing for line [{i}]");
            var index = meta?["_index"]?.GetValue<string>() ?? "";
            var id = meta?["_id"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            items.Add(new JsonObject { [op] = Item(op, index, id, source) });
        }
        Requests.Enqueue($"bulk {items.Count}");
        return Results.Json(new JsonObject { ["took"] = 3, ["errors"] = items.Any(i => i!.AsObject().First().Value!["error"] is not null), ["items"] = items });
    }

    private JsonObject Item(string op, string index, string id, JsonObject source)
    {
        JsonObject Fail(int status, string type, string reason) =>
            new() { ["_index"] = index, ["_id"] = id, ["status"] = status, ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason } };
        var template = Templates.Values.FirstOrDefault(t => t["index_patterns"]!.AsArray().Any(p => Matches(p!.GetValue<string>(), index)));
        if (template is null) return Fail(404, "index_not_found_exception", $"no such index [{index}] and no template matches it");
        if (template["data_stream"] is not null && op != "create")
            return Fail(400, "illegal_argument_exception", $"only write ops with an op_type of create are allowed in data streams");
        if (template["data_stream"] is not null && source["@timestamp"] is null)
            return Fail(400, "illegal_argument_exception", "data stream timestamp field [@timestamp] is missing");
        if (_itemFailures.TryDequeue(out var status))
            return Fail(status, "es_rejected_execution_exception", "rejected execution of coordinating operation");
        if (Refuse?.Invoke(source) == true) return Fail(400, "mapper_parsing_exception", "failed to parse field [process.pid] of type [long]");
        if (!Documents.TryAdd((index, id), source))
            return Fail(409, "version_conflict_engine_exception", $"[{id}]: version conflict, document already exists");
        return new JsonObject { ["_index"] = $".ds-{index}-2026.11.23-000001", ["_id"] = id, ["_version"] = 1, ["result"] = "created", ["status"] = 201 };
    }

    private static bool Matches(string pattern, string index) =>
        pattern.EndsWith('*') ? index.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == index;

    private static IResult Error(int status, string type, string reason) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason }, ["status"] = status }, statusCode: status);
}
