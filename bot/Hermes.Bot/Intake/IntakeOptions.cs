namespace Hermes.Bot.Intake;

/// <summary>The intake's configuration section (<c>Intake</c>).</summary>
public sealed record IntakeOptions
{
    /// <summary>Bearer tokens collectors (and Falco's http_output) authenticate with. None configured: every request is refused.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>Largest accepted body, after decompression.</summary>
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;
}
