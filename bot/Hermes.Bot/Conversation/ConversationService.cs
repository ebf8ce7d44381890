using Hermes.Bot.Cases;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Conversation;

/// <summary>
/// Fires triggers on stored cases: load the row, run the machine, save row + timeline + effects in one transaction
/// with the optimistic version check. On a conflict (another replica moved the case first) it reloads and runs
/// again against the new state, so two replicas handling the same click produce one transition.
/// </summary>
public sealed class ConversationService(Database db, PlaybookRegistry playbooks, IOptions<SecurityTeam> security, TimeProvider time,
    ILogger<ConversationService> logger, SecurityDirectory? directory = null)
{
    private const int MaxAttempts = 5;

    /// <summary>The configured members, plus the Slack user group's when one is configured and synced.</summary>
    public SecurityTeam Security => directory?.Team ?? security.Value;

    /// <summary>Runs <paramref name="act"/> on the case's machine and saves what it recorded; null when the case does not exist.</summary>
    public async Task<(T Result, CaseRecord Case)?> FireAsync<T>(long caseId, Func<CaseMachine, T> act, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(act);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var record = await CaseStore.LoadAsync(connection, transaction, caseId).ConfigureAwait(false);
            if (record is null) return null;
            var now = time.GetUtcNow();
            var log = new TransitionLog();
            var machine = new CaseMachine(record, playbooks.Find(record.Playbook), Security, now, log);
            var result = act(machine);
            if (log.Timeline.Count == 0 && log.Effects.Count == 0) return (result, record);
            record.UpdatedMs = now.ToUnixTimeMilliseconds();
            if (log.CaseChanged && !await CaseStore.UpdateAsync(connection, transaction, record).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                if (attempt == MaxAttempts) throw new InvalidOperationException($"case {caseId}: still conflicting after {MaxAttempts} attempts");
                logger.LogDebug("Case {CaseId} changed concurrently; retrying ({Attempt})", caseId, attempt);
                continue;
            }
            await CaseStore.AppendAsync(connection, transaction, caseId, log, record.UpdatedMs, record.DryRun).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (result, record);
        }
    }

    public async Task<AnswerOutcome> AnswerAsync(long caseId, Answer answer, CancellationToken cancellationToken = default) =>
        (await FireAsync(caseId, m => m.Answer(answer), cancellationToken).ConfigureAwait(false))?.Result ?? AnswerOutcome.NotFound;
}
