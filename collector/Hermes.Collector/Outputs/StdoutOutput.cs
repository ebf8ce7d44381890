namespace Hermes.Collector.Outputs;

/// <summary>Falco JSON alerts on standard output, one per line and nothing else, so stdout can be piped to any Falco consumer.</summary>
public sealed class StdoutOutput(TextWriter stdout) : IAlertOutput
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string Name => "stdout";

    public async ValueTask WriteAsync(AlertEnvelope alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stdout.WriteLineAsync(alert.Json).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
