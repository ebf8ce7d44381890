using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hermes.Ownership.Aws;

/// <summary>
/// The three AWS JSON calls ownership makes, SigV4-signed by <see cref="SigV4Signer"/>: Resource Groups Tagging
/// <c>GetResources</c> for a resource ARN, ECR <c>ListTagsForResource</c> for a repository, and Organizations
/// <c>ListTagsForResource</c> for an account. (The AWSSDK service packages are not available here; AWSSDK.Core
/// supplies the credentials.)
/// </summary>
public sealed class AwsTagsClient
{
    private readonly HttpClient _http;
    private readonly Func<CancellationToken, Task<AwsCredentials>> _credentials;
    private readonly string? _endpoint;
    private readonly TimeProvider _time;

    public AwsTagsClient(HttpClient http, Func<CancellationToken, Task<AwsCredentials>> credentials, string? endpoint, TimeProvider time)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _endpoint = endpoint?.TrimEnd('/');
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Tags of one resource through the Resource Groups Tagging API (empty when untagged or unknown).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResourceTagsAsync(string arn, string region, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ResourceARNList"] = new JsonArray(arn) };
        var response = await CallAsync("tagging", region, $"tagging.{region}.amazonaws.com", "ResourceGroupsTaggingAPI_20170126.GetResources", body, cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in response["ResourceTagMappingList"]?.AsArray() ?? [])
            if (mapping?["ResourceARN"]?.GetValue<string>() == arn) Read(mapping["Tags"], tags);
        return tags;
    }

    public async Task<IReadOnlyDictionary<string, string>> EcrRepositoryTagsAsync(string arn, string region, CancellationToken cancellationToken)
    {
        var response = await CallAsync("ecr", region, $"api.ecr.{region}.amazonaws.com", "AmazonEC2ContainerRegistry_V20150921.ListTagsForResource",
            new JsonObject { ["resourceArn"] = arn }, cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        Read(response["tags"], tags);
        return tags;
    }

    public async Task<IReadOnlyDictionary<string, string>> AccountTagsAsync(string accountId, CancellationToken cancellationToken)
    {
        var response = await CallAsync("organizations", "us-east-1", "organizations.us-east-1.amazonaws.com", "AWSOrganizationsV20161128.ListTagsForResource",
            new JsonObject { ["ResourceId"] = accountId }, cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        Read(response["Tags"], tags);
        return tags;
    }

    private static void Read(JsonNode? list, Dictionary<string, string> into)
    {
        foreach (var tag in list?.AsArray() ?? [])
            if (tag?["Key"]?.GetValue<string>() is { } key) into[key] = tag["Value"]?.GetValue<string>() ?? "";
    }

    private async Task<JsonNode> CallAsync(string service, string region, string host, string target, JsonObject body, CancellationToken cancellationToken)
    {
        var credentials = await _credentials(cancellationToken).ConfigureAwait(false);
        var payload = Encoding.UTF8.GetBytes(body.ToJsonString());
        var uri = new Uri(_endpoint is null ? $"https://{host}/" : $"{_endpoint}/");
        var now = _time.GetUtcNow();
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        if (credentials.SessionToken is { } token) headers["x-amz-security-token"] = token;
        var signature = SigV4Signer.Sign("POST", "/", "", headers, payload, region, service, now, credentials);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (credentials.SessionToken is { } session) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", session);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // AWS JSON errors: {"__type":"AccessDeniedException","message":"..."}.
            string detail;
            try
            {
                var error = JsonNode.Parse(text);
                detail = $"{error?["__type"]?.GetValue<string>()}: {error?["message"]?.GetValue<string>() ?? error?["Message"]?.GetValue<string>()}";
            }
            catch (JsonException)
            {
                detail = text.Length > 200 ? text[..200] : text;
            }
            throw new HttpRequestException($"AWS {service} {target} answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }
        return JsonNode.Parse(text) ?? new JsonObject();
    }
}
