using Hermes.Rules.Engine;

namespace Hermes.Collector.Outputs;

/// <summary>
/// An alert ready for delivery: its Falco JSON (with the Hermes context and the idempotency key already in
/// <c>output_fields</c>), its priority (what a full spool drops first) and its key.
/// </summary>
public sealed record AlertEnvelope(string IdempotencyKey, Priority Priority, string Json);
