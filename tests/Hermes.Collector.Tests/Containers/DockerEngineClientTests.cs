using System.Text.Json;
using Hermes.Collector.Containers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hermes.Collector.Tests.Containers;

/// <summary>
/// How Docker Engine API replies (Docker's, podman's compatible service) become container.* and k8s.*: the client
/// talks to a real HTTP server on a unix socket answering with inspect documents shaped like the engines' own.
/// </summary>
public sealed class DockerEngineClientTests : IAsyncLifetime
{
    private const string Sandbox = "5d2c0e7f9a1b4c3d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    private const string Infra = "1111111111111111111111111111111111111111111111111111111111111111";
    private readonly string _directory = Directory.CreateTempSubdirectory("hermes-docker-").FullName;
    private readonly Dictionary<string, string> _containers = new(StringComparer.Ordinal);
    private WebApplication? _engine;
    private DockerEngineClient? _client;

    private string Socket => Path.Combine(_directory, "docker.sock");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(Socket));
        _engine = builder.Build();
        _engine.MapGet("/v1.41/containers/{id}/json", (string id) =>
            _containers.TryGetValue(id, out var json) ? Results.Text(json, "application/json") : Results.NotFound());
        _engine.MapGet("/v1.41/images/{id}/json", () => Results.Text("""{"RepoDigests":["ghcr.io/acme/payments-api@sha256:3f2a"]}""", "application/json"));
        await _engine.StartAsync();
        _client = new DockerEngineClient(Socket, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_engine is not null) await _engine.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // An inspect document as the engines write it (trimmed to what matters), with the parts a test varies.
    private static string Inspect(string id, string networkSettings = """{"IPAddress":"172.17.0.3","Networks":{}}""", string networkMode = "default",
        string? healthcheck = null, string labels = "{}") => $$"""
        {
          "Id": "{{id}}",
          "Name": "/payments-api",
          "Image": "sha256:9c1e",
          "State": {"Status": "running", "StartedAt": "2026-01-02T03:04:05.5Z"},
          "HostConfig": {"Privileged": false, "NetworkMode": "{{networkMode}}"},
          "Mounts": [
            {"Type": "bind", "Source": "/srv/payments/config", "Destination": "/etc/payments", "Mode": "ro", "RW": false, "Propagation": "rprivate"},
            {"Type": "volume", "Source": "/var/lib/docker/volumes/data/_data", "Destination": "/data", "Mode": "z", "RW": true, "Propagation": ""}
          ],
          "Config": {
            "Image": "ghcr.io/acme/payments-api:1.4.2",
            "Labels": {{labels}}{{(healthcheck is null ? "" : $",\n    \"Healthcheck\": {healthcheck}")}}
          },
          "NetworkSettings": {{networkSettings}}
        }
        """;

    private async Task<Hermes.Collector.State.ContainerInfo> InspectAsync(string id, string json)
    {
        _containers[id] = json;
        var info = await _client!.InspectAsync(id, CancellationToken.None);
        Assert.NotNull(info);
        return info;
    }

    [Fact]
    public async Task DefaultBridge_GivesTheContainersAddress_AndTheMetadata()
    {
        var id = new string('a', 64);
        var info = await InspectAsync(id, Inspect(id));
        Assert.Equal("172.17.0.3", info.Ip?.ToString());
        Assert.Equal("payments-api", info.Name);
        Assert.Equal("sha256:3f2a", info.ImageDigest);
        Assert.Equal(2, info.Mounts.Count);
        Assert.Equal("/srv/payments/config:/etc/payments:ro:false:rprivate", info.Mounts[0].Text);
        Assert.Null(info.Healthcheck);
        Assert.Null(info.PodSandboxId);
    }

    [Fact]
    public async Task NamedNetworkOnly_GivesTheFirstNetworksAddress()
    {
        // podman (and Docker on a user-defined network) leave the top-level address empty.
        var id = new string('b', 64);
        var info = await InspectAsync(id, Inspect(id, """{"IPAddress":"","Networks":{"payments":{"IPAddress":"10.89.0.5","Gateway":"10.89.0.1"},"shared":{"IPAddress":"10.90.0.9"}}}"""));
        Assert.Equal("10.89.0.5", info.Ip?.ToString());
    }

    [Fact]
    public async Task NoNetwork_HasNoAddress()
    {
        var id = new string('c', 64);
        var info = await InspectAsync(id, Inspect(id, """{"IPAddress":"","Networks":{"none":{"IPAddress":""}}}""", networkMode: "none"));
        Assert.Null(info.Ip);
    }

    [Fact]
    public async Task NetworkOfAnotherContainer_GivesThatContainersAddress()
    {
        // A dockershim pod's containers join the pod's infra ("pause") container's network.
        _containers[Infra] = Inspect(Infra, """{"IPAddress":"10.244.1.17","Networks":{}}""");
        var id = new string('d', 64);
        var info = await InspectAsync(id, Inspect(id, """{"IPAddress":"","Networks":{}}""", networkMode: "container:" + Infra));
        Assert.Equal("10.244.1.17", info.Ip?.ToString());
    }

    [Fact]
    public async Task SandboxLabel_IsThePodsSandbox()
    {
        var id = new string('e', 64);
        var labels = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["io.kubernetes.pod.name"] = "payments-api-7d4b9",
            ["io.kubernetes.pod.uid"] = "5f0c",
            ["io.kubernetes.sandbox.id"] = Sandbox,
        });
        var info = await InspectAsync(id, Inspect(id, labels: labels));
        Assert.Equal(Sandbox, info.PodSandboxId);
        Assert.Equal("5f0c", info.PodUid);
    }

    [Fact]
    public async Task Healthcheck_IsReadFromTheConfig()
    {
        var id = new string('f', 64);
        var info = await InspectAsync(id, Inspect(id, healthcheck: """{"Test":["CMD-SHELL","curl -f http://localhost:8080/healthz || exit 1"],"Interval":30000000000}"""));
        Assert.Equal("/bin/sh -c curl -f http://localhost:8080/healthz || exit 1", info.Healthcheck);
    }

    [Theory]
    [InlineData("""{"Test":["CMD","/usr/bin/curl","-f","http://localhost/"]}""", "/usr/bin/curl -f http://localhost/")]
    [InlineData("""{"Test":["CMD","\"/app/check\"","'--deep'"]}""", "/app/check --deep")] // Falco drops a pair of quotes around each word
    [InlineData("""{"Test":["CMD-SHELL","pg_isready -U app"]}""", "/bin/sh -c pg_isready -U app")]
    [InlineData("""{"Test":["NONE"]}""", "NONE")] // the image's check switched off
    [InlineData("""{"Test":[]}""", null)] // inherit the image's: none here
    [InlineData("""{"Interval":1000}""", null)]
    [InlineData("""{"Test":["SOMETHING","x"]}""", null)]
    [InlineData("null", null)]
    public void Healthcheck_IsRenderedLikeFalco(string healthcheck, string? expected)
    {
        using var config = JsonDocument.Parse($$"""{"Image":"x","Healthcheck":{{healthcheck}}}""");
        Assert.Equal(expected, DockerEngineClient.HealthcheckOf(config.RootElement));
    }

    [Fact]
    public async Task UnknownContainer_IsNull() =>
        Assert.Null(await _client!.InspectAsync(new string('9', 64), CancellationToken.None));
}
