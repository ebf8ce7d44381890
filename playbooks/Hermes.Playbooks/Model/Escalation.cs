namespace Hermes.Playbooks.Model;

/// <summary>What escalating a case does: the incident's severity, whether the on-call is paged, where it is announced.</summary>
public sealed record Escalation(string Severity, bool Page, string? Channel);
