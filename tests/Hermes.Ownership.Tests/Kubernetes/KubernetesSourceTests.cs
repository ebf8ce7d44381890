using System.Text.Json.Nodes;
using Hermes.Ownership.Caching;
using Hermes.Ownership.Kubernetes;
using Hermes.Ownership.Model;
using Hermes.Ownership.Tests.Support;
using Hermes.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hermes.Ownership.Tests.Kubernetes;

public sealed class KubernetesSourceTests
{
    private static readonly CachePolicy Policy = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 100);

    [Theory]
    [InlineData("app=pay", "app=pay,tier=web", true)]
    [InlineData("app==pay", "app=pay", true)]
    [InlineData("app=pay,tier!=db", "app=pay,tier=db", false)]
    [InlineData("app=pay,tier!=db", "app=pay", true)]
    [InlineData("env in (prod, stage)", "env=stage", true)]
    [InlineData("env notin (prod,stage)", "env=prod", false)]
    [InlineData("env notin (prod,stage)", "", true)]
    [InlineData("team", "team=x", true)]
    [InlineData("!legacy", "legacy=yes", false)]
    [InlineData("app=pay", "", false)]
    [InlineData("", "app=pay", false)]
    public void LabelSelector_HasKubernetesSemantics(string selector, string labels, bool matches)
    {
        var map = labels.Length == 0 ? new Dictionary<string, string>() : labels.Split(',').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(matches, LabelSelector.Matches(selector, map));
    }

    [Fact]
    public async Task AlertLabels_GiveServiceSystemAndOwner_WithTheKeyAsProvenance()
    {
        var source = new KubernetesSource(new KubernetesKeys(), null);
        var result = await source.LocateAsync(new WorkloadRef(Labels: new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = "payments-api", ["app.kubernetes.io/part-of"] = "payments", ["team"] = "payments",
        }), new OwnershipFacts(), CancellationToken.None);
        Assert.Equal("payments-api", result.Facts!.Service!.Value);
        Assert.Equal("pod label app.kubernetes.io/name=payments-api", result.Facts.Service.Why);
        Assert.Equal("payments", result.Facts.System!.Value);
        Assert.Equal("team group:payments", Assert.Single(result.Facts.Owners!.Value).ToString());
    }

    [Theory]
    [InlineData("alice@acme.example", "alice@acme.example")]
    [InlineData("@acme/payments", "team acme/payments")]
    [InlineData("@alice", "alice")]
    [InlineData("user:alice", "user:alice")]
    [InlineData("payments", "team group:payments")]
    public void OwnerValues_AreReadLikeTheirForm(string value, string owner) => Assert.Equal(owner, KubernetesSource.ParseOwner(value).ToString());

    [Fact]
    public async Task KubernetesApi_AddsPodAnnotationsAndNamespaceMetadata_Cached()
    {
        var calls = 0;
        await using var api = await HttpDouble.StartAsync(app =>
        {
            app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}", (string ns, string pod) =>
            {
                Interlocked.Increment(ref calls);
                return pod != "api-1" ? Results.Json(Status(404, $"pods \"{pod}\" not found"), statusCode: 404) : Results.Json(new JsonObject
                {
                    ["kind"] = "Pod", ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = pod, ["namespace"] = ns, ["uid"] = "8b5c2f1e-0000-4000-8000-000000000001",
                        ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "payments-api" },
                        ["annotations"] = new JsonObject { ["a8r.io/owner"] = "@acme/payments", ["a8r.io/repository"] = "https://github.com/acme/payments" },
                    },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "api", ["image"] = "acme/payments-api:1" }) },
                });
            });
            app.MapGet("/api/v1/namespaces/{ns}", (string ns) => Results.Json(new JsonObject
            {
                ["kind"] = "Namespace", ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["name"] = ns, ["annotations"] = new JsonObject { ["a8r.io/chat"] = "#payments" }, ["labels"] = new JsonObject { ["hermes.dev/criticality"] = "high" } },
            }));
        });
        var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Address.ToString() });
        var source = new KubernetesSource(new KubernetesKeys(), new KubernetesApi(client, Policy, TimeProvider.System));
        var w = new WorkloadRef(Namespace: "payments", Pod: "api-1");
        var facts = (await source.LocateAsync(w, new OwnershipFacts(), CancellationToken.None)).Facts!;
        Assert.Equal("team acme/payments", Assert.Single(facts.Owners!.Value).ToString());
        Assert.Equal("pod annotation a8r.io/owner=@acme/payments", facts.Owners.Why);
        Assert.Equal("github.com/acme/payments", facts.Repository!.Value);
        Assert.Equal(("#payments", "namespace annotation a8r.io/chat=#payments"), (facts.Channel!.Value, facts.Channel.Why));
        Assert.Equal("high", facts.Criticality!.Value);
        await source.LocateAsync(w, new OwnershipFacts(), CancellationToken.None);
        Assert.Equal(1, calls);

        // A pod that is gone: the namespace still answers.
        var gone = (await source.LocateAsync(new WorkloadRef(Namespace: "payments", Pod: "api-0"), new OwnershipFacts(), CancellationToken.None)).Facts!;
        Assert.Equal("#payments", gone.Channel!.Value);
        Assert.Null(gone.Owners);
    }

    private static JsonObject Status(int code, string message) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = "NotFound", ["code"] = code,
    };
}
