namespace Hermes.Ownership.Catalog;

/// <summary>A problem in a catalog file, at its position.</summary>
public sealed record CatalogProblem(string File, long Line, long Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
