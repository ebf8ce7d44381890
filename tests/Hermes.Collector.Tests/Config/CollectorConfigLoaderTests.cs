using Hermes.Collector.Config;

namespace Hermes.Collector.Tests.Config;

public sealed class CollectorConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void NoFile_GivesDefaults()
    {
        var config = CollectorConfigLoader.Load(null, NoEnvironment);
        Assert.Equal("first", config.RuleMatching);
        Assert.Equal(16 * 1024 * 1024, config.RingBufferBytes);
        Assert.Empty(config.Outputs);
    }

    [Fact]
    public void File_ThenEnvironment_Override()
    {
        var path = Write("""
            rules_files: [/etc/hermes/falco_rules.yaml, /etc/hermes/local.yaml]
            outputs:
              - stdout
              - http:https://hermes-bot/api/v1/alerts
            cluster: prod-eu-1
            rule_matching: all
            spool_max_alerts: 500
            """);
        var config = CollectorConfigLoader.Load(path, new Dictionary<string, string?>
        {
            ["HERMES_COLLECTOR_CLUSTER"] = "prod-eu-2",
            ["HERMES_COLLECTOR_NODE"] = "ip-10-0-0-1",
            ["HERMES_COLLECTOR_OUTPUTS"] = "stdout, file:/var/log/hermes.json",
        });
        Assert.Equal(["/etc/hermes/falco_rules.yaml", "/etc/hermes/local.yaml"], config.RulesFiles);
        Assert.Equal(["stdout", "file:/var/log/hermes.json"], config.Outputs);
        Assert.Equal("prod-eu-2", config.Cluster);
        Assert.Equal("ip-10-0-0-1", config.Node);
        Assert.Equal("all", config.RuleMatching);
        Assert.Equal(500, config.SpoolMaxAlerts);
        Assert.Empty(config.ContainerRuntimes);
    }

    [Fact]
    public void ContainerRuntimes_FromTheEnvironment_AreAList()
    {
        var config = CollectorConfigLoader.Load(null, new Dictionary<string, string?>
        {
            ["HERMES_COLLECTOR_CONTAINER_RUNTIMES"] = "cri:/run/containerd/containerd.sock, docker:/var/run/docker.sock",
        });
        Assert.Equal(["cri:/run/containerd/containerd.sock", "docker:/var/run/docker.sock"], config.ContainerRuntimes);
    }

    [Theory]
    [InlineData("colour: blue\n", "collector.yaml:1:1: unknown key 'colour'")]
    [InlineData("cluster: a\nrule_matching: some\n", "collector.yaml:2:1: 'rule_matching' must be first or all")]
    [InlineData("spool_max_alerts: many\n", "collector.yaml:1:1: 'spool_max_alerts' must be a whole number")]
    [InlineData("ring_buffer_bytes: 5000\n", "'ring_buffer_bytes' must be a power of two")]
    [InlineData("cluster: [a\n", "collector.yaml:2:1: invalid YAML")]
    [InlineData("log_format: xml\n", "collector.yaml:1:1: 'log_format' must be text or json")]
    [InlineData("- a\n- b\n", "collector.yaml:1:1: the configuration must be a map")]
    [InlineData("container_runtimes: [containerd]\n", "collector.yaml:1:1: 'container_runtimes': 'containerd' must start with cri: or docker:")]
    [InlineData("container_runtimes: [cri:run/containerd.sock]\n", "'cri:run/containerd.sock' must name the socket by its absolute path")]
    public void BadFiles_AreRejectedWithTheirPosition(string yaml, string message)
    {
        var path = Write(yaml);
        var e = Assert.Throws<CollectorConfigException>(() => CollectorConfigLoader.Load(path, NoEnvironment));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadEnvironmentValue_NamesTheVariable()
    {
        var e = Assert.Throws<CollectorConfigException>(() => CollectorConfigLoader.Load(null,
            new Dictionary<string, string?> { ["HERMES_COLLECTOR_HTTP_GZIP"] = "maybe" }));
        Assert.Contains("HERMES_COLLECTOR_HTTP_GZIP: 'http_gzip' must be true or false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpCaFile_WithACertificate_IsKept()
    {
        using var pki = Hermes.Collector.Tests.Outputs.TestPki.Create("Config Test CA");
        var ca = pki.WriteRoot(_dir);
        Assert.Equal(ca, CollectorConfigLoader.Load(Write($"outputs: [http:https://hermes-bot/api/v1/alerts]\nhttp_ca_file: {ca}\n"), NoEnvironment).HttpCaFile);
        Assert.Equal(ca, CollectorConfigLoader.Load(null, new Dictionary<string, string?> { ["HERMES_COLLECTOR_HTTP_CA_FILE"] = ca }).HttpCaFile);
        Assert.Null(CollectorConfigLoader.Load(null, NoEnvironment).HttpCaFile);
    }

    [Theory]
    [InlineData("missing.pem", null, "Could not find file")]
    [InlineData("empty.pem", "", "no PEM certificate")]
    [InlineData("key.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+Dc1qPzCGsCnZ6ZIJ6mHfLrQo2bVfR1sZ2dWz3YF6n\n-----END PRIVATE KEY-----\n", "no PEM certificate")]
    [InlineData("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", "malformed")]
    [InlineData("directory", "/", "denied")] // a directory cannot be read as a file
    public void HttpCaFile_ThatCannotBeUsed_IsRejectedWithItsPosition(string name, string? content, string reason)
    {
        var ca = Path.Combine(_dir, name);
        if (content == "/") Directory.CreateDirectory(ca);
        else if (content is not null) File.WriteAllText(ca, content);
        var path = Write($"cluster: prod\nhttp_ca_file: {ca}\n");
        var e = Assert.Throws<CollectorConfigException>(() => CollectorConfigLoader.Load(path, NoEnvironment));
        Assert.StartsWith($"{path}:2:1: 'http_ca_file' {ca} cannot be used: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpCaFile_FromTheEnvironment_ThatIsMissing_NamesTheVariable()
    {
        var e = Assert.Throws<CollectorConfigException>(() => CollectorConfigLoader.Load(null,
            new Dictionary<string, string?> { ["HERMES_COLLECTOR_HTTP_CA_FILE"] = Path.Combine(_dir, "nope.pem") }));
        Assert.StartsWith("HERMES_COLLECTOR_HTTP_CA_FILE: 'http_ca_file' ", e.Message, StringComparison.Ordinal);
    }
}
