using System.Collections.Concurrent;

namespace Hermes.Slack.Api;

/// <summary>
/// Spaces posts to one channel at least <c>spacing</c> apart (Slack: about one message per second per channel),
/// in arrival order, without holding back posts to other channels.
/// </summary>
public sealed class ChannelPacer(TimeSpan spacing, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string channel, Func<Task<T>> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        var lane = _lanes.GetOrAdd(channel, _ => new Lane());
        await lane.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = lane.Last + spacing - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            try
            {
                return await post().ConfigureAwait(false);
            }
            finally
            {
                lane.Last = time.GetUtcNow();
            }
        }
        finally
        {
            lane.Gate.Release();
        }
    }

    private sealed class Lane
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    }
}
