using System.Text;

namespace Hermes.Collector.Outputs;

/// <summary>Falco JSON alerts appended to a file, one per line, flushed per alert (like Falco's file_output with keep_alive).</summary>
public sealed class FileOutput : IAlertOutput
{
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public FileOutput(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public string Name => "file";

    public async ValueTask WriteAsync(AlertEnvelope alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var line = Encoding.UTF8.GetBytes(alert.Json + "\n");
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
