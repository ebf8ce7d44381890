using System.Threading.Channels;

namespace Hermes.Bot.Slack;

/// <summary>
/// Slack wants an answer within 3 seconds; the work an interaction starts (a database transaction, Web API calls)
/// runs here, after the acknowledgement, one item at a time, each failure logged and contained.
/// </summary>
public sealed partial class SlackInbox(ILogger<SlackInbox> logger) : BackgroundService
{
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateUnbounded<Func<CancellationToken, Task>>();

    public void Enqueue(Func<CancellationToken, Task> work) => _work.Writer.TryWrite(work);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A Slack interaction failed after it was acknowledged")]
    private partial void LogFailed(Exception e);
}
