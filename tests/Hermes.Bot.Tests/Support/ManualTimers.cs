using Hermes.Bot.Conversation;
using Hermes.Bot.Timers;

namespace Hermes.Bot.Tests.Support;

/// <summary>
/// Case timers kept in memory with the same keying as the Quartz triggers (one per case and kind, replaced when
/// rescheduled); the test fires the due ones after moving the clock.
/// </summary>
public sealed class ManualTimers : ICaseTimers
{
    private readonly Dictionary<(long CaseId, string Kind), (int Index, DateTimeOffset Due)> _timers = [];

    public IReadOnlyDictionary<(long CaseId, string Kind), (int Index, DateTimeOffset Due)> Scheduled => _timers;

    public Task ScheduleAsync(long caseId, string kind, int index, DateTimeOffset due, CancellationToken cancellationToken)
    {
        _timers[(caseId, kind)] = (index, due);
        return Task.CompletedTask;
    }

    public Task CancelAsync(long caseId, CancellationToken cancellationToken)
    {
        foreach (var key in _timers.Keys.Where(k => k.CaseId == caseId).ToList()) _timers.Remove(key);
        return Task.CompletedTask;
    }

    /// <summary>Fires every timer due at <paramref name="now"/>, earliest first; returns how many fired.</summary>
    public async Task<int> FireDueAsync(ConversationService conversations, DateTimeOffset now)
    {
        var due = _timers.Where(t => t.Value.Due <= now).OrderBy(t => t.Value.Due).ToList();
        foreach (var (key, (index, _)) in due)
        {
            _timers.Remove(key);
            await CaseTimerJob.FireAsync(conversations, key.CaseId, key.Kind, index, CancellationToken.None);
        }
        return due.Count;
    }
}
