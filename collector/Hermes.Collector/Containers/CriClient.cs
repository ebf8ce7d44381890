using System.Text.Encodings.Web;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Hermes.Collector.Containers.Cri.V1;
using Hermes.Collector.State;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Containers;

/// <summary>
/// Reads container metadata over the Kubernetes Container Runtime Interface (gRPC on the runtime's unix socket), the
/// API containerd and CRI-O serve to the kubelet: the container's status (name, image, image digest, labels with
/// <c>io.kubernetes.pod.*</c>, mounts, start time, privileged from the verbose info) and its pod sandbox's status:
/// the pod's own labels, its id, its address and (verbose info) its CNI result. An id the runtime knows only as a
/// sandbox is a pod's pause container.
/// </summary>
public sealed class CriClient : IContainerRuntime
{
    private readonly GrpcChannel _channel;
    private readonly TimeSpan _timeout;
    private string? _runtimeName;

    public CriClient(string socketPath, TimeSpan timeout)
    {
        SocketPath = socketPath;
        _timeout = timeout;
        var handler = UnixSocketHandler.For(socketPath);
        // The authority is not used to route anything: the connect callback always dials the socket.
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string SocketPath { get; }

    public string Endpoint => "cri:" + SocketPath;

    /// <summary>The generated CRI runtime client (tests drive pods through it).</summary>
    internal RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <summary>The runtime's name as CRI reports it (<c>containerd</c>, <c>cri-o</c>: Falco's <c>container.type</c>), asked once.</summary>
    public async Task<string?> RuntimeNameAsync(CancellationToken cancellationToken)
    {
        if (_runtimeName is not null) return _runtimeName;
        try
        {
            var version = await Runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return _runtimeName = version.RuntimeName;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    public async Task<ContainerInfo?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            var response = await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var listed = await Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = response.Status.Id } }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var sandboxId = listed.Containers.FirstOrDefault()?.PodSandboxId;
            var sandbox = string.IsNullOrEmpty(sandboxId) ? null
                : await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandboxId, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return FromContainer(response, sandbox, await RuntimeNameAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return await SandboxAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private async Task<ContainerInfo?> SandboxAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return FromSandbox(response, await RuntimeNameAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>Maps a pod sandbox's status to the metadata of its pause container (its own sandbox, as in Falco).</summary>
    internal static ContainerInfo FromSandbox(PodSandboxStatusResponse response, string? runtime)
    {
        var status = response.Status;
        var labels = new Dictionary<string, string>(status.Labels, StringComparer.Ordinal)
        {
            ["io.kubernetes.pod.name"] = status.Metadata.Name,
            ["io.kubernetes.pod.namespace"] = status.Metadata.Namespace,
            ["io.kubernetes.pod.uid"] = status.Metadata.Uid,
            ["io.kubernetes.sandbox.id"] = status.Id,
        };
        return new ContainerInfo
        {
            Id = status.Id,
            Name = status.Metadata.Name,
            Runtime = runtime,
            StartTimeNs = status.CreatedAt,
            Labels = labels,
            PodLabels = PodLabelsOf(status.Labels),
            Ip = PodIp(status),
            PodCniJson = CniResult(response.Info),
        };
    }

    /// <summary>Maps a CRI container status (and its sandbox's) to the fields the rules read.</summary>
    internal static ContainerInfo FromContainer(ContainerStatusResponse response, PodSandboxStatusResponse? sandboxResponse, string? runtime)
    {
        var status = response.Status;
        var sandbox = sandboxResponse?.Status;
        // The image as the pod asked for it; a runtime that only knows an image id reports that instead.
        var image = status.Image?.UserSpecifiedImage is { Length: > 0 } asked ? asked : status.Image?.Image;
        if (image is not null && image.StartsWith("sha256:", StringComparison.Ordinal) && status.ImageRef.Contains('@', StringComparison.Ordinal)) image = status.ImageRef;
        var (repository, tag) = DockerEngineClient.SplitImage(image);
        var labels = new Dictionary<string, string>(status.Labels, StringComparer.Ordinal);
        if (sandbox is not null)
        {
            labels.TryAdd("io.kubernetes.pod.name", sandbox.Metadata.Name);
            labels.TryAdd("io.kubernetes.pod.namespace", sandbox.Metadata.Namespace);
            labels.TryAdd("io.kubernetes.pod.uid", sandbox.Metadata.Uid);
        }
        // Falco keeps the sandbox id as this label too (container.label[io.kubernetes.sandbox.id], k8s.pod.sandbox_id).
        if ((sandbox?.Id is { Length: > 0 } sandboxId ? sandboxId : SandboxIdOf(response.Info)) is { } podSandbox)
            labels.TryAdd("io.kubernetes.sandbox.id", podSandbox);
        return new ContainerInfo
        {
            Id = status.Id,
            Name = status.Metadata?.Name,
            Image = image,
            ImageId = status.ImageId is { Length: > 0 } imageId ? imageId : status.ImageRef.StartsWith("sha256:", StringComparison.Ordinal) ? status.ImageRef : null,
            ImageRepository = repository,
            ImageTag = tag,
            ImageDigest = DigestOf(status.ImageRef),
            Runtime = runtime,
            Privileged = Privileged(response.Info),
            StartTimeNs = status.StartedAt,
            Labels = labels,
            Mounts = status.Mounts.Select(m => new ContainerMount(m.HostPath, m.ContainerPath, m.Readonly ? "ro" : "rw", !m.Readonly, PropagationOf(m.Propagation))).ToList(),
            PodLabels = sandbox is null ? new Dictionary<string, string>() : PodLabelsOf(sandbox.Labels),
            Ip = sandbox is null ? null : PodIp(sandbox),
            PodCniJson = sandboxResponse is null ? null : CniResult(sandboxResponse.Info),
        };
    }

    // The pod's primary address. A pod on the node's network has none of its own: the runtime is not responsible for
    // it (containerd reports none; Falco shows 0.0.0.0), so it is null here.
    private static IpAddressValue? PodIp(PodSandboxStatus sandbox) =>
        sandbox.Linux?.Namespaces?.Options?.Network != NamespaceMode.Node && sandbox.Network?.Ip is { Length: > 0 } ip && IpAddressValue.TryParse(ip, out var address)
            ? address
            : null;

    // Verbose container info: both containerd and CRI-O name the container's sandbox "sandboxID".
    private static string? SandboxIdOf(IDictionary<string, string> info)
    {
        using var doc = InfoJson(info);
        return doc is not null && doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("sandboxID", out var id) &&
               id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
            ? text
            : null;
    }

    /// <summary>Falco's bound on the CNI result it keeps.</summary>
    internal const int MaxCniResultLength = 4096;

    // The sandbox's CNI result, as Falco keeps it: containerd's verbose info has the CNI plugins' result under
    // cniResult.Interfaces, of which Falco drops the loopback, the host-side veth ends and each interface's Mac and
    // Sandbox (what is left are the pod's addresses per interface), written compactly with keys in order; CRI-O
    // has the result as text in the io.kubernetes.cri-o.CNIResult annotation of the runtime spec.
    private static string? CniResult(IDictionary<string, string> info)
    {
        using var doc = InfoJson(info);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object) return null;
        var root = doc.RootElement;
        string? text = null;
        if (root.TryGetProperty("cniResult", out var cni) && cni.ValueKind == JsonValueKind.Object &&
            cni.TryGetProperty("Interfaces", out var interfaces) && interfaces.ValueKind == JsonValueKind.Object)
        {
            text = CompactSorted(interfaces);
        }
        else if (root.TryGetProperty("runtimeSpec", out var spec) && spec.ValueKind == JsonValueKind.Object &&
                 spec.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object &&
                 annotations.TryGetProperty("io.kubernetes.cri-o.CNIResult", out var annotation) && annotation.ValueKind == JsonValueKind.String)
        {
            text = annotation.GetString();
        }
        if (string.IsNullOrEmpty(text)) return null;
        text = text.TrimEnd('\n');
        return text.Length > MaxCniResultLength ? text[..MaxCniResultLength] : text;
    }

    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string CompactSorted(JsonElement interfaces)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
        {
            writer.WriteStartObject();
            foreach (var entry in interfaces.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (entry.Name == "lo" || entry.Name.StartsWith("veth", StringComparison.Ordinal)) continue;
                writer.WritePropertyName(entry.Name);
                WriteSorted(writer, entry.Value, drop: ["Mac", "Sandbox"]);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement value, string[]? drop = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (drop is not null && Array.IndexOf(drop, property.Name) >= 0) continue;
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static JsonDocument? InfoJson(IDictionary<string, string> info)
    {
        if (!info.TryGetValue("info", out var json)) return null;
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // image_ref is "repo@sha256:…" when the image came from a registry, else the image id ("sha256:…").
    private static string? DigestOf(string imageRef)
    {
        var at = imageRef.IndexOf('@', StringComparison.Ordinal);
        if (at > 0) return imageRef[(at + 1)..];
        return imageRef.StartsWith("sha256:", StringComparison.Ordinal) ? imageRef : null;
    }

    // The kubelet adds io.kubernetes.* bookkeeping labels to the sandbox; the rest are the pod's labels.
    private static Dictionary<string, string> PodLabelsOf(IDictionary<string, string> sandboxLabels) =>
        sandboxLabels.Where(kv => !kv.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static string PropagationOf(MountPropagation propagation) => propagation switch
    {
        MountPropagation.PropagationHostToContainer => "rslave",
        MountPropagation.PropagationBidirectional => "rshared",
        _ => "rprivate",
    };

    // Verbose info["info"] is runtime-specific JSON: containerd keeps the ContainerConfig it was created with
    // (config.linux.security_context.privileged); CRI-O says "privileged" at the top level.
    private static bool Privileged(IDictionary<string, string> info)
    {
        using var doc = InfoJson(info);
        if (doc is null) return false;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return false;
        if (root.TryGetProperty("privileged", out var flat) && flat.ValueKind == JsonValueKind.True) return true;
        return root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object &&
               config.TryGetProperty("linux", out var linux) && linux.ValueKind == JsonValueKind.Object &&
               linux.TryGetProperty("security_context", out var context) && context.ValueKind == JsonValueKind.Object &&
               context.TryGetProperty("privileged", out var privileged) && privileged.ValueKind == JsonValueKind.True;
    }

    private DateTime Deadline() => DateTime.UtcNow + _timeout;

    public void Dispose() => _channel.Dispose();
}
