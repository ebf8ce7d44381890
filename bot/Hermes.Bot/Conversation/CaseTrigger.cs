namespace Hermes.Bot.Conversation;

/// <summary>What can happen to a case.</summary>
public enum CaseTrigger
{
    Start,
    OwnerFound,
    OwnerUnknown,
    ReminderDue,
    TimeoutDue,
    Confirm,
    Deny,
    Resolve,
    Escalate,
    Suppress,
}
