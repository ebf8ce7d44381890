using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hermes.Bot.Elasticsearch;

/// <summary>The result of one document in a bulk request.</summary>
public enum BulkItemResult
{
    /// <summary>Indexed, or already there (409 on create with the same _id: a re-send after a partial failure).</summary>
    Indexed,

    /// <summary>Worth sending again (429, 5xx).</summary>
    Retry,

    /// <summary>Elasticsearch will never take it (mapping errors and other 4xx): counted and logged, not retried.</summary>
    Rejected,
}

/// <summary>
/// Elasticsearch's bulk API over HttpClient: <c>create</c> actions (the only write data streams accept) with the
/// document's own <c>_id</c> so a re-send cannot duplicate, NDJSON with a final newline, and per-item results.
/// Also installs the index templates shipped in <c>deploy/elasticsearch/</c>.
/// </summary>
public sealed class BulkClient(HttpClient http, ElasticsearchOptions options)
{
    public static IReadOnlyDictionary<string, string> Templates { get; } = LoadTemplates();

    /// <summary>PUT each shipped composable index template (idempotent); throws when Elasticsearch refuses one.</summary>
    public async Task InstallTemplatesAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, body) in Templates)
        {
            using var request = Request(HttpMethod.Put, $"_index_template/{name}", new StringContent(body, Encoding.UTF8, "application/json"));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"index template {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}",
                    null, response.StatusCode);
        }
    }

    /// <summary>Sends the documents; returns one result per document, in order. Throws when the request as a whole fails.</summary>
    public async Task<IReadOnlyList<(BulkItemResult Result, string? Error)>> SendAsync(IReadOnlyList<(string DataStream, string Id, JsonObject Document)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var body = new StringBuilder();
        foreach (var (stream, id, document) in documents)
        {
            body.Append(new JsonObject { ["create"] = new JsonObject { ["_index"] = stream, ["_id"] = id } }.ToJsonString()).Append('\n');
            body.Append(document.ToJsonString()).Append('\n');
        }
        using var request = Request(HttpMethod.Post, "_bulk", new StringContent(body.ToString(), Encoding.UTF8));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            return documents.Select(_ => (BulkItemResult.Retry, (string?)$"HTTP {(int)response.StatusCode}")).ToList();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"_bulk answered {(int)response.StatusCode}: {Shorten(text)}", null, response.StatusCode);
        var items = JsonNode.Parse(text)?["items"]?.AsArray() ?? throw new HttpRequestException("_bulk answered without items");
        if (items.Count != documents.Count) throw new HttpRequestException($"_bulk answered {items.Count} items for {documents.Count} documents");
        return items.Select(item =>
        {
            var result = item!.AsObject().First().Value!;
            var status = result["status"]!.GetValue<int>();
            var error = result["error"] is { } e ? $"{e["type"]}: {e["reason"]}" : null;
            return status switch
            {
                >= 200 and < 300 or 409 => (BulkItemResult.Indexed, error),
                429 or >= 500 => (BulkItemResult.Retry, error),
                _ => (BulkItemResult.Rejected, error),
            };
        }).ToList();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(method, new Uri(options.Url!, path)) { Content = content };
        if (options.ApiKey is { Length: > 0 } key) request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        else if (options.Username is { Length: > 0 } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        return request;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;

    private static Dictionary<string, string> LoadTemplates()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".template.json", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            // Resource names are "elasticsearch/<template>.template.json" (LogicalName in the project file).
            var file = name[..^".template.json".Length];
            templates[file[(file.LastIndexOf('/') + 1)..]] = reader.ReadToEnd();
        }
        return templates;
    }
}
