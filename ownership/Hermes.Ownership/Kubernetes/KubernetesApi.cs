using Hermes.Ownership.Caching;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Hermes.Ownership.Kubernetes;

/// <summary>
/// Pod and namespace metadata from the Kubernetes API (KubernetesClient: in-cluster service account or a
/// kubeconfig), cached per pod. Alerts carry pod labels only; annotations (<c>a8r.io/owner</c>) and namespace
/// labels need the API.
/// </summary>
public sealed class KubernetesApi
{
    private readonly IKubernetes _client;
    private readonly SourceCache<(string Ns, string Pod), PodMetadata> _cache;

    public KubernetesApi(IKubernetes client, CachePolicy policy, TimeProvider time)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _cache = new SourceCache<(string, string), PodMetadata>(policy, time);
    }

    public string Server => _client.BaseUri?.ToString() ?? "the cluster";

    public async ValueTask<Cached<PodMetadata>> PodAsync(string ns, string pod, CancellationToken cancellationToken)
    {
        try
        {
            return await _cache.GetAsync((ns, pod), FetchAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            throw new Resolution.OwnershipSourceException($"Kubernetes API {Server}: {e.Message}", e);
        }
    }

    private async Task<PodMetadata?> FetchAsync((string Ns, string Pod) key, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        V1Pod? pod = null;
        if (key.Pod.Length > 0)
        {
            try
            {
                pod = await _client.CoreV1.ReadNamespacedPodAsync(key.Pod, key.Ns, cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Pods are short-lived: the namespace may still say who owns it.
            }
        }
        var ns = await _client.CoreV1.ReadNamespaceAsync(key.Ns, cancellationToken: timeout.Token).ConfigureAwait(false);
        return new PodMetadata(
            Copy(pod?.Metadata?.Labels), Copy(pod?.Metadata?.Annotations), Copy(ns?.Metadata?.Labels), Copy(ns?.Metadata?.Annotations));
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? map) => map is null ? [] : new Dictionary<string, string>(map, StringComparer.Ordinal);
}
