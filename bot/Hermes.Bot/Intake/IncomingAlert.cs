namespace Hermes.Bot.Intake;

/// <summary>A validated Falco alert as it arrived (Falco's JSON, Falcosidekick's webhook, or Hermes' collector).</summary>
/// <param name="IdempotencyKey">The collector's key, or a hash of rule, time, hostname and output fields.</param>
/// <param name="Json">The alert exactly as received, kept as evidence.</param>
/// <param name="OutputFields">Falco's <c>output_fields</c> object.</param>
public sealed record IncomingAlert(
    string IdempotencyKey, string Rule, string Priority, DateTimeOffset Time, string Source, string Hostname,
    string Output, IReadOnlyList<string> Tags, string Json, System.Text.Json.JsonElement OutputFields);
