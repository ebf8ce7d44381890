namespace Hermes.Playbooks.Loading;

/// <summary>One problem in a playbook file, where it is (1-based line and column).</summary>
public sealed record PlaybookError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
