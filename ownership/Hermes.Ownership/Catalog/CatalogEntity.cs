namespace Hermes.Ownership.Catalog;

/// <summary>
/// One entity of a Backstage catalog (Component, System, Group, User, …), reduced to what ownership reads: its
/// reference, annotations, labels and the spec fields below. <see cref="Location"/> is <c>file:line</c> for provenance.
/// </summary>
public sealed record CatalogEntity(
    EntityRef Ref,
    string Name,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Labels,
    string? Owner,
    string? System,
    string? Type,
    string? Email,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Children,
    string Location)
{
    public string? Annotation(string key) => Annotations.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
}
