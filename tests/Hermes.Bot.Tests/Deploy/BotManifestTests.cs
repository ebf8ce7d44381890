using Hermes.Bot.Ownership;
using Hermes.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Hermes.Bot.Tests.Deploy;

/// <summary>deploy/kubernetes/bot.yaml parses and says what a replicated, locked-down bot must say.</summary>
public sealed class BotManifestTests
{
    private static readonly List<YamlMappingNode> Documents = Load();

    private static List<YamlMappingNode> Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repository.Path("deploy", "kubernetes", "bot.yaml"))));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlMappingNode Kind(string kind) => Assert.Single(Documents, d => Text(d, "kind") == kind && Text(d, "metadata", "name") == "hermes-bot");

    private static YamlMappingNode Named(string kind, string name) => Assert.Single(Documents, d => Text(d, "kind") == kind && Text(d, "metadata", "name") == name);

    [Fact]
    public void PlaybooksConfigMap_HoldsTheShippedPlaybooksUnchanged_AndIsMounted()
    {
        var data = (YamlMappingNode)At(Named("ConfigMap", "hermes-bot-playbooks"), "data");
        var shipped = Directory.GetFiles(Hermes.Tests.Shared.Repository.Path("playbooks"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(shipped.Select(Path.GetFileName), data.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        foreach (var file in shipped)
            Assert.Equal(File.ReadAllText(file).TrimEnd('\n'), Text(data, Path.GetFileName(file)).TrimEnd('\n'));
        var container = ((YamlSequenceNode)At(Kind("Deployment"), "spec", "template", "spec", "containers"))[0];
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Select(m => Text(m, "mountPath"));
        Assert.Contains("/etc/hermes/playbooks", mounts);
    }

    [Fact]
    public void Deployment_RunsTwoLockedDownReplicasOnPostgres()
    {
        var deployment = Kind("Deployment");
        Assert.Equal("2", Text(deployment, "spec", "replicas"));
        var pod = At(deployment, "spec", "template", "spec");
        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)At(pod, "containers"))[0];
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        var env = ((YamlSequenceNode)At(container, "env")).Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));
        Assert.Equal("postgres", Text(env["Storage__Provider"], "value"));
        Assert.Equal("hermes-bot", Text(env["Storage__ConnectionString"], "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("intake-token", Text(env["Intake__Tokens__0"], "valueFrom", "secretKeyRef", "key"));
        Assert.Contains("Slack__SigningSecret", env.Keys);
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Select(m => Text(m, "mountPath")).ToList();
        Assert.Contains("/var/lib/hermes", mounts);
        Assert.Contains("/tmp", mounts);
        Assert.Equal("/etc/hermes/catalog/catalog.yaml", Text(env["Ownership__CatalogPath"], "value"));
    }

    [Fact]
    public void CatalogConfigMap_IsAValidCatalog()
    {
        var (entities, problems) = Hermes.Ownership.Catalog.CatalogReader.Read(Text(Kind("ConfigMap"), "data", "catalog.yaml"), "catalog.yaml");
        Assert.Empty(problems);
        Assert.Equal("payments-api", Assert.Single(entities, e => e.Ref.Kind == "component").Name);
    }

    [Fact]
    public void ServiceNetworkPolicyMonitoringAndAlerts_AreThere()
    {
        Assert.Equal("http", Text((YamlMappingNode)((YamlSequenceNode)At(Kind("Service"), "spec", "ports"))[0], "targetPort"));
        Assert.Equal(["Ingress", "Egress"], ((YamlSequenceNode)At(Kind("NetworkPolicy"), "spec", "policyTypes")).Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("/metrics", Text((YamlMappingNode)((YamlSequenceNode)At(Kind("ServiceMonitor"), "spec", "endpoints"))[0], "path"));
        Assert.Equal("1", Text(Kind("PodDisruptionBudget"), "spec", "minAvailable"));
        var alerts = ((YamlSequenceNode)At((YamlMappingNode)((YamlSequenceNode)At(Kind("PrometheusRule"), "spec", "groups"))[0], "rules"))
            .Select(r => Text(r, "alert")).ToList();
        Assert.Equal(["HermesBotDown", "HermesBotIntakeRejecting", "HermesBotEffectsFailing", "HermesBotSlackFailing", "HermesBotElasticsearchFailing", "HermesBotOutboxGrowing"], alerts);
        // Every metric an alert uses is one the bot exports.
        foreach (var metric in new[] { "hermes_bot_alerts_total", "hermes_bot_effects_total", "hermes_bot_effects_pending" })
            Assert.Contains(metric, File.ReadAllText(Repository.Path("bot", "Hermes.Bot", "Metrics", "BotMetrics.cs")), StringComparison.Ordinal);
    }
}
