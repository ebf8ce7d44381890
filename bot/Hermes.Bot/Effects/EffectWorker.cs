using Hermes.Bot.Chat;
using Hermes.Bot.Metrics;

namespace Hermes.Bot.Effects;

/// <summary>
/// Runs the outbox: claims due effects, executes them, retries failures with exponential backoff up to
/// <see cref="MaxAttempts"/>, fails permanent errors at once and notes every final failure in the case's timeline.
/// </summary>
public sealed partial class EffectWorker(EffectStore store, EffectExecutor executor, TimeProvider time, BotMetrics metrics, ILogger<EffectWorker> logger)
    : BackgroundService
{
    public const int MaxAttempts = 6;

    /// <summary>Runs every due effect until none is left; returns how many ran (tests call this directly).</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var batch = await store.ClaimDueAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), 50, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0) return total;
            foreach (var effect in batch) await RunAsync(effect, cancellationToken).ConfigureAwait(false);
            total += batch.Count;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunDueAsync(stoppingToken).ConfigureAwait(false) == 0)
                {
                    metrics.EffectsPending(await store.PendingCountAsync(stoppingToken).ConfigureAwait(false));
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database itself is unreachable: wait and try again; effects stay in the outbox meanwhile.
                LogOutboxUnavailable(e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(EffectRow effect, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var note = await executor.ExecuteAsync(effect, cancellationToken).ConfigureAwait(false);
            await store.CompleteAsync(effect.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), note, cancellationToken).ConfigureAwait(false);
            metrics.Effect(effect.Kind, note is null ? "done" : "dry_run");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is ChatPermanentException || effect.Attempts >= MaxAttempts)
            {
                LogEffectFailed(effect.Kind, effect.CaseId, effect.Attempts, e.Message);
                await store.FailAsync(effect.Id, effect.CaseId, nowMs, effect.Kind, e.Message, cancellationToken).ConfigureAwait(false);
                metrics.Effect(effect.Kind, "failed");
                return;
            }
            var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, effect.Attempts)));
            LogEffectRetry(effect.Kind, effect.CaseId, effect.Attempts, backoff, e.Message);
            await store.RetryAsync(effect.Id, nowMs + (long)backoff.TotalMilliseconds, e.Message, cancellationToken).ConfigureAwait(false);
            metrics.Effect(effect.Kind, "retry");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox unavailable; retrying")]
    private partial void LogOutboxUnavailable(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Effect {Kind} of case {CaseId} failed for good after {Attempts} attempt(s): {Error}")]
    private partial void LogEffectFailed(string kind, long caseId, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Effect {Kind} of case {CaseId} failed (attempt {Attempts}); retrying in {Backoff}: {Error}")]
    private partial void LogEffectRetry(string kind, long caseId, long attempts, TimeSpan backoff, string error);
}
