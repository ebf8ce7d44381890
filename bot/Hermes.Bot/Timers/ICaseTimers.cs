namespace Hermes.Bot.Timers;

/// <summary>
/// Durable per-case timers: one per (case, kind), so scheduling the next reminder replaces the last. When one is
/// due, <see cref="Conversation.ConversationService"/> gets ReminderDue or TimeoutDue for the case.
/// </summary>
public interface ICaseTimers
{
    Task ScheduleAsync(long caseId, string kind, int index, DateTimeOffset due, CancellationToken cancellationToken);

    Task CancelAsync(long caseId, CancellationToken cancellationToken);
}
