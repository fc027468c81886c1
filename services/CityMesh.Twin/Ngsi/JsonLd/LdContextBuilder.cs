namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>Collects term definitions from context sources in order (later ones win), then resolves compact IRIs.</summary>
internal sealed class LdContextBuilder
{
    private readonly Dictionary<string, string?> _raw = new(StringComparer.Ordinal);
    private string _vocab = CityMeshContext.DefaultVocab;

    public int Count => _raw.Count;

    /// <summary>A null IRI removes the term, as in JSON-LD.</summary>
    public void Define(string term, string? iri) => _raw[term] = iri;

    public void SetVocab(string vocab) => _vocab = vocab;

    public void AddCityMesh()
    {
        foreach (var (term, iri) in CityMeshContext.Terms) Define(term, iri);
    }

    public LdContext Build(string? url, bool isCityMesh)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (term, raw) in _raw)
        {
            if (raw is not null) terms[term] = Resolve(raw, 0);
        }
        return new LdContext(url, _vocab, terms, isCityMesh);
    }

    /// <summary>An absolute IRI as is; <c>prefix:suffix</c> through the prefix's term; a bare word against @vocab.</summary>
    private string Resolve(string value, int depth)
    {
        var colon = value.IndexOf(':');
        if (colon > 0)
        {
            var prefix = value[..colon];
            var rest = value[(colon + 1)..];
            if (depth < 8 && !rest.StartsWith("//", StringComparison.Ordinal) && _raw.TryGetValue(prefix, out var prefixIri) && prefixIri is not null)
                return Resolve(prefixIri, depth + 1) + rest;
            return value;
        }
        if (depth < 8 && _raw.TryGetValue(value, out var aliased) && aliased is not null && aliased != value) return Resolve(aliased, depth + 1);
        return _vocab + value;
    }
}
