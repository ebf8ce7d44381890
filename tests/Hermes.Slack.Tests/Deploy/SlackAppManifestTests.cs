using System.Diagnostics;
using System.Text.Json;
using Hermes.Tests.Shared;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hermes.Slack.Tests.Deploy;

/// <summary>
/// The shipped Slack app manifests validate against Slack's official manifest JSON Schema
/// (shared/corpus/slack/manifest-schema), checked by a real JSON Schema validator (python3-jsonschema, installed by
/// tests/prereqs.sh), and declare what the bot needs.
/// </summary>
public class SlackAppManifestTests
{
    public static TheoryData<string> Manifests() => new() { "slack-app-manifest.yaml", "slack-app-manifest.socket-mode.yaml" };

    /// <summary>YAML to JSON with YAML 1.2 core types: unquoted true/false, numbers and null keep their type.</summary>
    private static string Json(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repository.Path("deploy", file))));
        return Convert(stream.Documents[0].RootNode)!.ToJsonString();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } n when long.TryParse(n.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType}"),
    };

    private static string SchemaPath()
    {
        var shared = Environment.GetEnvironmentVariable("HERMES_SHARED") is { Length: > 0 } env ? env : Repository.Path("..", "shared");
        return Path.Combine(shared, "corpus", "slack", "manifest-schema", "manifest.schema.json");
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_ValidatesAgainstSlacksSchema(string file)
    {
        var (code, output) = Validate(Json(file));
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Validator_RejectsABrokenManifest()
    {
        var (code, output) = Validate("""{"_metadata":{"major_version":1},"display_information":{},"settings":{"socket_mode_enabled":"yes"}}""");
        Assert.NotEqual(0, code);
        Assert.Contains("invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpManifest_PointsAtTheBotsEndpointsAndAsksForTheScopesItUses()
    {
        using var doc = JsonDocument.Parse(Json("slack-app-manifest.yaml"));
        var root = doc.RootElement;
        Assert.Equal("/falcon", root.GetProperty("features").GetProperty("slash_commands")[0].GetProperty("command").GetString());
        Assert.EndsWith("/slack/commands", root.GetProperty("features").GetProperty("slash_commands")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/interactions", root.GetProperty("settings").GetProperty("interactivity").GetProperty("request_url").GetString(), StringComparison.Ordinal);
        var scopes = root.GetProperty("oauth_config").GetProperty("scopes").GetProperty("bot").EnumerateArray().Select(s => s.GetString()).ToHashSet();
        foreach (var scope in new[] { "chat:write", "im:write", "groups:write", "users:read.email", "usergroups:read", "commands" }) Assert.Contains(scope, scopes);
    }

    private static (int Code, string Output) Validate(string json)
    {
        // Debian's interpreter, where tests/prereqs.sh installed python3-jsonschema (not whatever python3 is first on PATH).
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("""
            import json, os, sys, warnings, jsonschema
            warnings.simplefilter("ignore")
            schema = json.load(open(sys.argv[1]))
            # The top schema refers to its versions by URL; serve them from the corpus (no network here).
            base = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
            folder = os.path.join(os.path.dirname(sys.argv[1]), "schemas")
            store = {base + f: json.load(open(os.path.join(folder, f))) for f in os.listdir(folder)}
            resolver = jsonschema.RefResolver.from_schema(schema, store=store)
            errors = list(jsonschema.Draft7Validator(schema, resolver=resolver).iter_errors(json.load(sys.stdin)))
            for e in errors: print("invalid:", "/".join(map(str, e.absolute_path)), e.message[:300])
            sys.exit(1 if errors else 0)
            """);
        info.ArgumentList.Add(SchemaPath());
        using var process = Process.Start(info)!;
        process.StandardInput.Write(json);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
