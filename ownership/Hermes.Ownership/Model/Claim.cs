namespace Hermes.Ownership.Model;

/// <summary>A value and where it came from: the source that said it and why (e.g. the CODEOWNERS line).</summary>
public sealed record Claim<T>(T Value, string Source, string Why)
{
    public override string ToString() => $"{Value} ({Source}: {Why})";
}
