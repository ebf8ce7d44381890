using System.Text.Json.Nodes;

namespace Hermes.Bot.Conversation;

/// <summary>An effect to run after commit. The key makes running it twice harmless.</summary>
public sealed record EffectDraft(string Kind, string IdempotencyKey, JsonObject Payload);

/// <summary>One line of a case's audit timeline: who did what, when, why.</summary>
public sealed record TimelineDraft(string Actor, string Kind, string? From, string? To, string Detail);

/// <summary>What one firing of the machine recorded: saved with the case row in one transaction.</summary>
public sealed class TransitionLog
{
    public List<EffectDraft> Effects { get; } = [];
    public List<TimelineDraft> Timeline { get; } = [];

    /// <summary>True when the case row itself changed (state or fields); a pure audit entry does not bump the version.</summary>
    public bool CaseChanged { get; set; }

    public void Effect(string kind, string key, JsonObject? payload = null) => Effects.Add(new EffectDraft(kind, key, payload ?? []));

    public void Note(string actor, string kind, string detail, string? from = null, string? to = null) =>
        Timeline.Add(new TimelineDraft(actor, kind, from, to, detail));
}
