using System.Globalization;
using Hermes.Bot.Conversation;
using Quartz;

namespace Hermes.Bot.Timers;

/// <summary>
/// The one durable job behind every case timer: fires ReminderDue or TimeoutDue on the case. A timer that comes
/// after the case moved on is refused by the machine's guards and only noted in the timeline.
/// </summary>
public sealed class CaseTimerJob(ConversationService conversations, ILogger<CaseTimerJob> logger) : IJob
{
    public static readonly JobKey Key = new("case-timer", "hermes");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var caseId = long.Parse(data["caseId"]?.ToString() ?? "0", CultureInfo.InvariantCulture);
        var kind = data["kind"]?.ToString() ?? "timeout";
        var index = int.Parse(data["index"]?.ToString() ?? "0", CultureInfo.InvariantCulture);
        await FireAsync(conversations, caseId, kind, index, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Case {CaseId}: {Kind} {Index} timer fired", caseId, kind, index);
    }

    /// <summary>What a due timer does; shared with the manual timers the tests drive.</summary>
    public static Task FireAsync(ConversationService conversations, long caseId, string kind, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        return conversations.FireAsync(caseId, m => kind == "timeout" ? m.TimeoutDue() : m.ReminderDue(index), cancellationToken);
    }
}
