namespace Hermes.Ownership.Catalog;

/// <summary>A set of Backstage entities, indexed by reference, by email and by GitHub login.</summary>
public sealed class BackstageCatalog
{
    private readonly Dictionary<EntityRef, CatalogEntity> _byRef = [];
    private readonly Dictionary<string, CatalogEntity> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CatalogEntity> _usersByLogin = new(StringComparer.OrdinalIgnoreCase);

    public BackstageCatalog(IEnumerable<CatalogEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var components = new List<CatalogEntity>();
        foreach (var entity in entities)
        {
            // Later definitions win, as when a catalog is assembled from several files.
            _byRef[entity.Ref] = entity;
            if (entity.Ref.Kind == "user")
            {
                if (entity.Email is { } email) _usersByEmail[email] = entity;
                if (entity.Annotation("github.com/user-login") is { } login) _usersByLogin[login] = entity;
            }
        }
        components.AddRange(_byRef.Values.Where(e => e.Ref.Kind == "component"));
        Components = components;
    }

    public static BackstageCatalog Empty { get; } = new([]);

    public IReadOnlyList<CatalogEntity> Components { get; }

    public int Count => _byRef.Count;

    public CatalogEntity? Find(EntityRef reference) => _byRef.GetValueOrDefault(reference);

    public CatalogEntity? UserByEmail(string email) => _usersByEmail.GetValueOrDefault(email);

    public CatalogEntity? UserByGitHubLogin(string login) => _usersByLogin.GetValueOrDefault(login);
}
