namespace Hermes.Playbooks.Model;

/// <summary>Ask the workload's owner "was this you?": when to remind, when silence escalates.</summary>
/// <param name="Reminders">Offsets from the question, ascending, each before <paramref name="Timeout"/>.</param>
/// <param name="RequireReason">A "yes" must say why (kept in the timeline).</param>
/// <param name="AllowWhitelist">The owner may answer "yes, and don't ask again" (a whitelist on the process).</param>
public sealed record AskOwner(TimeSpan Timeout, IReadOnlyList<TimeSpan> Reminders, BusinessHours? BusinessHours, bool RequireReason, bool AllowWhitelist = false)
{
    /// <summary>When the offset (a reminder or the timeout) falls due for a question asked at <paramref name="askedAt"/>.</summary>
    public DateTimeOffset Due(DateTimeOffset askedAt, TimeSpan offset) =>
        BusinessHours is null ? askedAt + offset : BusinessHours.Add(askedAt, offset);
}
