using Hermes.Playbooks.Model;

namespace Hermes.Playbooks.Loading;

/// <summary>The outcome of loading: a usable set only when there is no error at all.</summary>
public sealed record PlaybookLoadResult(PlaybookSet? Set, IReadOnlyList<PlaybookError> Errors, IReadOnlyList<string> Files)
{
    public bool Succeeded => Set is not null;
}
