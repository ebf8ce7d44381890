using System.Text.Json;
using Hermes.Bot.Cases;
using Hermes.Bot.Conversation;

namespace Hermes.Bot.Suppressions;

/// <summary>
/// Adding a suppression, wherever it comes from (API, /falcon snooze): store it, then close as suppressed the cases
/// still waiting on their owner that it covers (their questions are updated); escalated cases stay with security.
/// </summary>
public sealed class SuppressionService(SuppressionStore store, CaseStore cases, ConversationService conversations)
{
    private static readonly CaseState[] Waiting = [CaseState.Open, CaseState.ResolvingOwner, CaseState.Asking, CaseState.Reminding];

    public async Task<(long Id, IReadOnlyList<long> ClosedCases)> AddAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        var id = await store.AddAsync(suppression, cancellationToken).ConfigureAwait(false);
        var closed = new List<long>();
        foreach (var state in Waiting)
            foreach (var c in await cases.ListAsync(state.ToString(), null, null, 1000, cancellationToken).ConfigureAwait(false))
            {
                // The first alert is read only when the suppression pins output fields.
                var fields = suppression.Fields.Count == 0 ? new Dictionary<string, string?>()
                    : await cases.FirstAlertFieldsAsync(c.Id, cancellationToken).ConfigureAwait(false);
                if (suppression.Matches(c.Rule, JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!, name => fields.GetValueOrDefault(name))
                    && (await conversations.FireAsync(c.Id, m => m.Suppress(suppression.Author), cancellationToken).ConfigureAwait(false))?.Result == true)
                    closed.Add(c.Id);
            }
        return (id, closed);
    }
}
