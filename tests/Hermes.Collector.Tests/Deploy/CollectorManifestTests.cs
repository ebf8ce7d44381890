using Hermes.Collector.Containers;
using YamlDotNet.RepresentationModel;

namespace Hermes.Collector.Tests.Deploy;

/// <summary>deploy/kubernetes/collector.yaml parses and says what a node daemon of this kind must say.</summary>
public sealed class CollectorManifestTests
{
    private static List<YamlMappingNode> Documents()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "deploy", "kubernetes", "collector.yaml"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(dir.FullName, "deploy", "kubernetes", "collector.yaml"))));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void DaemonSet_HasTheCapabilitiesMountsAndRolloutANodeDaemonNeeds()
    {
        var daemonSet = Assert.Single(Documents(), d => Text(d, "kind") == "DaemonSet");
        var pod = At(daemonSet, "spec", "template", "spec");
        Assert.Equal("true", Text(pod, "hostPID"));
        var container = (YamlMappingNode)((YamlSequenceNode)At(pod, "containers"))[0];
        var security = At(container, "securityContext");
        Assert.Equal("false", Text(security, "privileged"));
        var added = ((YamlSequenceNode)At(security, "capabilities", "add")).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Contains("BPF", added);
        Assert.Contains("PERFMON", added);
        Assert.Contains("SYS_PTRACE", added);
        Assert.Equal(["ALL"], ((YamlSequenceNode)At(security, "capabilities", "drop")).Select(n => ((YamlScalarNode)n).Value));
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Select(m => Text(m, "mountPath")).ToList();
        Assert.Contains("/sys/kernel/btf", mounts);
        Assert.Contains("/var/lib/hermes-collector", mounts);
        Assert.Equal("RollingUpdate", Text(daemonSet, "spec", "updateStrategy", "type"));
        Assert.NotNull(At(daemonSet, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.NotNull(At(container, "resources", "limits", "memory"));
        var env = ((YamlSequenceNode)At(container, "env")).Select(e => Text(e, "name")).ToList();
        Assert.Contains("HERMES_COLLECTOR_NODE", env);
    }

    [Fact]
    public void DaemonSet_MountsEveryCriRuntimesSocketDirectory_WhereTheCollectorLooks_WithoutRequiringIt()
    {
        var daemonSet = Assert.Single(Documents(), d => Text(d, "kind") == "DaemonSet");
        var pod = At(daemonSet, "spec", "template", "spec");
        var volumes = ((YamlSequenceNode)At(pod, "volumes")).Cast<YamlMappingNode>()
            .Where(v => v.Children.ContainsKey(new YamlScalarNode("hostPath")))
            .ToDictionary(v => Text(v, "name"), v => (Path: Text(v, "hostPath", "path"), Type: ((YamlMappingNode)At(v, "hostPath")).Children.TryGetValue(new YamlScalarNode("type"), out var t) ? ((YamlScalarNode)t).Value : ""));
        var container = (YamlMappingNode)((YamlSequenceNode)At(pod, "containers"))[0];
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Cast<YamlMappingNode>()
            .Where(m => volumes.ContainsKey(Text(m, "name")))
            .Select(m => (Host: volumes[Text(m, "name")], MountPath: Text(m, "mountPath"), ReadOnly: m.Children.TryGetValue(new YamlScalarNode("readOnly"), out var r) && ((YamlScalarNode)r).Value == "true"))
            .ToList();

        // A node runs one CRI runtime: a hostPath that must be a socket would keep the pod off every other node.
        Assert.DoesNotContain(volumes.Values, v => v.Type == "Socket");
        foreach (var socket in new[] { "/run/containerd/containerd.sock", "/run/crio/crio.sock" })
        {
            Assert.Contains("cri:" + socket, ContainerRuntimes.WellKnown);
            var mount = Assert.Single(mounts, m => socket.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            Assert.Equal(Path.GetDirectoryName(socket), mount.MountPath);
            Assert.Equal(mount.MountPath, mount.Host.Path); // the same path inside, where discovery looks
            Assert.Equal("DirectoryOrCreate", mount.Host.Type);
            Assert.True(mount.ReadOnly, mount.MountPath);
        }
    }

    [Fact]
    public void EmbeddedConfiguration_IsAValidCollectorConfiguration()
    {
        var configMap = Assert.Single(Documents(), d => Text(d, "kind") == "ConfigMap");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Text(configMap, "data", "collector.yaml"));
            var config = Hermes.Collector.Config.CollectorConfigLoader.Load(path, new Dictionary<string, string?>());
            Assert.Equal("0.0.0.0:8765", config.MetricsAddress);
            Assert.Contains(config.Outputs, o => o.StartsWith("http:", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PrometheusRule_AlertsOnMissingCollectorsDropsSpoolAndMemory()
    {
        var rule = Assert.Single(Documents(), d => Text(d, "kind") == "PrometheusRule");
        var alerts = ((YamlSequenceNode)At((YamlMappingNode)((YamlSequenceNode)At(rule, "spec", "groups"))[0], "rules"))
            .Select(r => (Name: Text(r, "alert"), Expr: Text(r, "expr"))).ToList();
        Assert.Contains(alerts, a => a.Name == "HermesCollectorMissing" && a.Expr.Contains("kube_daemonset_status_number_available", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Expr.Contains("hermes_collector_kernel_drops_total", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Expr.Contains("hermes_collector_spool_alerts", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Name == "HermesCollectorMemory");
    }
}
