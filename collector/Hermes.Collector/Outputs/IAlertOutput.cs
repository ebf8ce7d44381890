namespace Hermes.Collector.Outputs;

/// <summary>
/// Where alerts go. One file per output, registered by name in <see cref="OutputFactory"/>: adding an output is
/// that file plus one line there.
/// </summary>
public interface IAlertOutput : IAsyncDisposable
{
    /// <summary>The output's name in configuration and metrics (<c>stdout</c>, <c>file</c>, <c>http</c>).</summary>
    string Name { get; }

    /// <summary>Accepts an alert. Returns once the alert is written (or, for http, durably spooled).</summary>
    ValueTask WriteAsync(AlertEnvelope alert, CancellationToken cancellationToken);
}
