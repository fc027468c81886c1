namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// An active JSON-LD context reduced to what NGSI-LD needs: term ↔ IRI for entity types and attribute names.
/// The store keeps names as terms of the CityMesh context; a client that names its own context gets names
/// expanded with its context and compacted with ours on the way in, and the reverse on the way out.
/// </summary>
public sealed class LdContext
{
    private readonly Dictionary<string, string> _terms;
    private readonly Dictionary<string, string> _reverse;
    private readonly (string Prefix, string Iri)[] _prefixes;

    internal LdContext(string? url, string vocab, Dictionary<string, string> terms, bool isCityMesh)
    {
        Url = url;
        Vocab = vocab;
        IsCityMesh = isCityMesh;
        _terms = terms;
        _reverse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (term, iri) in terms) _reverse.TryAdd(iri, term);
        // JSON-LD 1.1: a simple term whose IRI ends in a gen-delim can compact IRIs as "prefix:suffix".
        _prefixes = [.. terms.Where(t => !t.Key.Contains(':') && t.Value.Length > 0 && t.Value[^1] is '/' or '#' or ':')
            .OrderByDescending(t => t.Value.Length).Select(t => (t.Key, t.Value))];
    }

    /// <summary>The CityMesh context: the names the store keeps are its terms.</summary>
    public static LdContext CityMesh => CityMeshContext.Context;

    /// <summary>The ETSI core context alone, for a request that names no context: every other name is under the default vocabulary.</summary>
    public static LdContext Core { get; } = new(CityMeshContext.CoreContextUrl, CityMeshContext.DefaultVocab, new(StringComparer.Ordinal), isCityMesh: false);

    /// <summary>The one URL that names this context, for a Link header; null for the CityMesh context, whose URL depends on the host.</summary>
    public string? Url { get; }

    public string Vocab { get; }

    public bool IsCityMesh { get; }

    public int TermCount => _terms.Count;

    public string Expand(string term)
    {
        if (_terms.TryGetValue(term, out var iri)) return iri;
        var colon = term.IndexOf(':');
        if (colon > 0)
        {
            var prefix = term[..colon];
            var rest = term[(colon + 1)..];
            if (!rest.StartsWith("//", StringComparison.Ordinal) && _terms.TryGetValue(prefix, out var prefixIri)) return prefixIri + rest;
            return term; // already an absolute IRI
        }
        return Vocab + term;
    }

    public string Compact(string iri)
    {
        if (_reverse.TryGetValue(iri, out var term)) return term;
        if (iri.StartsWith(Vocab, StringComparison.Ordinal))
        {
            var suffix = iri[Vocab.Length..];
            // Vocabulary-relative only when the suffix is not itself a term for another IRI.
            if (suffix.Length > 0 && suffix.IndexOfAny([':', '/', '#']) < 0 && !_terms.ContainsKey(suffix)) return suffix;
        }
        foreach (var (prefix, prefixIri) in _prefixes)
        {
            if (iri.Length > prefixIri.Length && iri.StartsWith(prefixIri, StringComparison.Ordinal)) return prefix + ":" + iri[prefixIri.Length..];
        }
        return iri;
    }

    /// <summary>A name as this context's client writes it → the name the store keeps.</summary>
    public string ToStored(string name) => IsCityMesh ? name : CityMesh.Compact(Expand(name));

    /// <summary>A name the store keeps → the name as this context's client reads it.</summary>
    public string FromStored(string stored) => IsCityMesh ? stored : Compact(CityMesh.Expand(stored));
}
