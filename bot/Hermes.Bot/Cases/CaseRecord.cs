namespace Hermes.Bot.Cases;

/// <summary>
/// One case as stored: the aggregate of alerts with the same group key within a window, and its conversation.
/// Mutable on purpose: the state machine reads and writes it, and the store saves it with a version check.
/// </summary>
public sealed class CaseRecord
{
    public long Id { get; set; }
    public string GroupKey { get; set; } = "";
    public string Playbook { get; set; } = "";
    public string Rule { get; set; } = "";
    public string Priority { get; set; } = "";
    public string Source { get; set; } = "";
    public string State { get; set; } = nameof(CaseState.Open);
    public string Workload { get; set; } = "";
    public string WorkloadJson { get; set; } = "{}";
    public string? Owner { get; set; }
    public string? OwnerChannel { get; set; }
    public string? OwnershipJson { get; set; }
    public long AlertCount { get; set; }
    public long FirstSeenMs { get; set; }
    public long LastSeenMs { get; set; }
    public long WindowEndsMs { get; set; }
    public long? AskedAtMs { get; set; }
    public int RemindersSent { get; set; }
    public string? QuestionRef { get; set; }
    public string? IncidentChannel { get; set; }
    public string? EscalationReason { get; set; }

    /// <summary>The first alert's output line: what the owner is asked about.</summary>
    public string Summary { get; set; } = "";
    public bool DryRun { get; set; }
    public long Version { get; set; }
    public long CreatedMs { get; set; }
    public long UpdatedMs { get; set; }

    public CaseState CaseState
    {
        get => Enum.Parse<CaseState>(State);
        set => State = value.ToString();
    }
}
