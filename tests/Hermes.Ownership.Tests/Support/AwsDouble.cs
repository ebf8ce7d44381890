using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Hermes.Ownership.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Hermes.Tests.Shared;

namespace Hermes.Ownership.Tests.Support;

/// <summary>
/// AWS's JSON protocol (POST /, <c>X-Amz-Target</c>, <c>application/x-amz-json-1.1</c>) for the three tagging calls
/// ownership makes. Every request's SigV4 signature is recomputed from what arrived (the signed headers, the body,
/// the scope in the Credential) with the secret of the key it names; a mismatch answers
/// <c>InvalidSignatureException</c> as AWS does. (The signer itself is checked against AWS's reference vectors.)
/// </summary>
public sealed class AwsDouble : IAsyncDisposable
{
    private readonly Dictionary<string, string> _secrets;
    private HttpDouble? _http;

    private AwsDouble(Dictionary<string, string> secrets) => _secrets = secrets;

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> ResourceTags { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> EcrTags { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> AccountTags { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public Uri Url => _http!.Address;

    public static async Task<AwsDouble> StartAsync(Dictionary<string, string> secrets)
    {
        var aws = new AwsDouble(secrets);
        aws._http = await HttpDouble.StartAsync(app => app.MapPost("/", (Delegate)aws.HandleAsync));
        return aws;
    }

    public ValueTask DisposeAsync() => _http?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        Calls.Enqueue(target);
        if (http.Request.ContentType != "application/x-amz-json-1.1") return Error(400, "SerializationException", "Start of structure or map found where not expected");
        if (Verify(http, body) is { } problem) return Error(403, problem.Type, problem.Message);
        var request = JsonNode.Parse(body)!;
        return target switch
        {
            "ResourceGroupsTaggingAPI_20170126.GetResources" => Results.Json(new JsonObject
            {
                ["PaginationToken"] = "",
                ["ResourceTagMappingList"] = new JsonArray(request["ResourceARNList"]!.AsArray().Select(a => a!.GetValue<string>())
                    .Where(ResourceTags.ContainsKey)
                    .Select(arn => (JsonNode)new JsonObject { ["ResourceARN"] = arn, ["Tags"] = Tags(ResourceTags[arn], "Key", "Value") }).ToArray()),
            }, contentType: "application/x-amz-json-1.1"),
            "AmazonEC2ContainerRegistry_V20150921.ListTagsForResource" => EcrTags.TryGetValue(request["resourceArn"]!.GetValue<string>(), out var ecr)
                ? Results.Json(new JsonObject { ["tags"] = Tags(ecr, "Key", "Value") }, contentType: "application/x-amz-json-1.1")
                : Error(400, "RepositoryNotFoundException", "The repository does not exist"),
            "AWSOrganizationsV20161128.ListTagsForResource" => Results.Json(new JsonObject
            {
                ["Tags"] = Tags(AccountTags.GetValueOrDefault(request["ResourceId"]!.GetValue<string>()) ?? new Dictionary<string, string>(), "Key", "Value"),
            }, contentType: "application/x-amz-json-1.1"),
            _ => Error(400, "UnknownOperationException", $"unknown operation {target}"),
        };
    }

    private (string Type, string Message)? Verify(HttpContext http, byte[] body)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)) return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(", ").Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        var scope = fields["Credential"].Split('/');
        if (!_secrets.TryGetValue(scope[0], out var secret)) return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        var signed = fields["SignedHeaders"].Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date")) return ("IncompleteSignatureException", "host and x-amz-date must be signed");
        var headers = signed.ToDictionary(h => h, h => h == "host" ? http.Request.Host.Value! : http.Request.Headers[h].ToString());
        var time = DateTimeOffset.ParseExact(headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expected = SigV4Signer.Sign("POST", "/", http.Request.QueryString.Value ?? "", headers, body, scope[2], scope[3], time,
            new AwsCredentials(scope[0], secret, http.Request.Headers["X-Amz-Security-Token"].FirstOrDefault()));
        return expected.Authorization == authorization ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }

    private static JsonArray Tags(IReadOnlyDictionary<string, string> tags, string key, string value) =>
        new(tags.Select(t => (JsonNode)new JsonObject { [key] = t.Key, [value] = t.Value }).ToArray());

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new JsonObject { ["__type"] = type, ["message"] = message }, contentType: "application/x-amz-json-1.1", statusCode: status);
}
