using Hermes.Rules.Engine;
using Hermes.Rules.Fields;
using Hermes.Rules.Output;

namespace Hermes.Collector.Outputs;

/// <summary>
/// Renders a rule match into the alert every output sends: Falco's JSON alert plus the Hermes context in
/// <c>output_fields</c> (<c>hermes.cluster</c>, <c>hermes.region</c>, <c>hermes.node</c>, image digest, pod labels) and
/// <c>hermes.idempotency_key</c>, a UUIDv7 made once per alert, so a resend after a crash is recognisably the same alert.
/// </summary>
public sealed class AlertEnvelopeFactory(OutputOptions options)
{
    /// <summary>The output_fields key carrying the idempotency key.</summary>
    public const string IdempotencyKeyField = "hermes.idempotency_key";

    private readonly AlertFormatter _formatter = new(options);

    /// <summary>Builds the envelope for a rule that matched an event.</summary>
    public AlertEnvelope Create(CompiledRule rule, IEventSource evt)
    {
        var alert = _formatter.Format(rule, evt);
        var key = Guid.CreateVersion7().ToString("N");
        var fields = alert.OutputFields.ToList();
        fields.Add(new(IdempotencyKeyField, key));
        return new AlertEnvelope(key, alert.Priority, FalcoJson.Serialize(alert with { OutputFields = fields }));
    }

    /// <summary>Container and pod context appended to every output, as Falco's container plugin suggests.</summary>
    public const string SuggestedOutput =
        "container_id=%container.id container_name=%container.name container_image_repository=%container.image.repository " +
        "container_image_tag=%container.image.tag k8s_ns_name=%k8s.ns.name k8s_pod_name=%k8s.pod.name";

    /// <summary>The Hermes context fields for a node: what <see cref="OutputOptions"/> gets from the collector's configuration.</summary>
    public static OutputOptions ContextOptions(string hostname, string? cluster, string? region, string? node) => new()
    {
        Hostname = hostname,
        // What Falco appends with the container plugin's suggested output: the official rules' outputs rely on it.
        ExtraOutput = SuggestedOutput,
        ExtraFields = ["container.image.digest", "k8s.pod.labels", "k8s.pod.uid"],
        StaticFields = new Dictionary<string, string>
        {
            ["hermes.cluster"] = cluster ?? string.Empty,
            ["hermes.region"] = region ?? string.Empty,
            ["hermes.node"] = node ?? hostname,
        },
    };
}
