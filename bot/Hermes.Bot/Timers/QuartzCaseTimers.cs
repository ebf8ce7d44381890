using System.Globalization;
using Quartz;

namespace Hermes.Bot.Timers;

/// <summary>
/// Case timers as Quartz triggers in the persistent job store (the bot's own database; clustered on PostgreSQL):
/// trigger key <c>case/{id}/{kind}</c> in group <c>case-timers</c>, misfires fire at once, so a timer that fell
/// due while every replica was down runs when one comes back.
/// </summary>
public sealed class QuartzCaseTimers(ISchedulerFactory schedulers) : ICaseTimers
{
    public const string Group = "case-timers";
    public static readonly string[] Kinds = ["reminder", "timeout"];

    public static TriggerKey KeyFor(long caseId, string kind) => new($"case/{caseId}/{kind}", Group);

    public async Task ScheduleAsync(long caseId, string kind, int index, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(KeyFor(caseId, kind))
            .ForJob(CaseTimerJob.Key)
            .UsingJobData("caseId", caseId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData("kind", kind)
            .UsingJobData("index", index.ToString(CultureInfo.InvariantCulture))
            .StartAt(due)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelAsync(long caseId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.UnscheduleJobs(Kinds.Select(k => KeyFor(caseId, k)).ToList(), cancellationToken).ConfigureAwait(false);
    }
}
