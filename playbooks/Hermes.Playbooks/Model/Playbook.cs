namespace Hermes.Playbooks.Model;

/// <summary>
/// One playbook: which findings it takes and what happens to them. Without <see cref="Ask"/> a case is not put to
/// an owner: it is escalated at once (to <see cref="Escalate"/>) or only announced (<see cref="Notify"/>).
/// </summary>
public sealed record Playbook
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public PlaybookMatch Match { get; init; } = new();
    public Grouping Group { get; init; } = Grouping.Default;
    public AskOwner? Ask { get; init; }
    public string? NotifyChannel { get; init; }
    public Escalation Escalate { get; init; } = new("medium", Page: false, Channel: null);

    /// <summary>Without an owner question: true escalates at once, false only notifies.</summary>
    public bool EscalateImmediately { get; init; }
    public QuietOnConfirm? QuietOnConfirm { get; init; }
    public bool DryRun { get; init; }
    public bool IsDefault { get; init; }

    /// <summary>Where it was defined (<c>file:line:column</c>), for logs and the timeline.</summary>
    public string Origin { get; init; } = "built-in";
}
