namespace CityMesh.Governance.Audit;

/// <summary>
/// The keys a log knows: the newest seals new records, every one verifies the records that name it. Rotating is adding a
/// key after the others; removing one makes its records unverifiable, so old keys stay until their records are archived.
/// </summary>
public sealed class AuditKeyRing
{
    private readonly IReadOnlyList<AuditKey> _keys;

    /// <param name="keys">Oldest first; the last one with an id seals.</param>
    /// <exception cref="ArgumentException">Two keys share an id.</exception>
    public AuditKeyRing(IEnumerable<AuditKey> keys)
    {
        _keys = [.. keys];
        var twice = _keys.Where(k => k.Id is not null).GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"the audit key id '{twice.Key}' is given twice", nameof(keys));
    }

    public AuditKeyRing(params AuditKey[] keys) : this((IEnumerable<AuditKey>)keys)
    {
    }

    public IReadOnlyList<AuditKey> Keys => _keys;

    /// <summary>The key new records are sealed with.</summary>
    /// <exception cref="InvalidOperationException">The ring has no key with an id, so nothing could name it.</exception>
    public AuditKey Sealing => _keys.LastOrDefault(k => k.Id is not null)
        ?? throw new InvalidOperationException("no audit key with an id to seal records with");

    /// <summary>The key with <paramref name="id"/>, else a key given without an id (tried on any record); null when neither.</summary>
    public AuditKey? Find(string id) => _keys.FirstOrDefault(k => k.Id == id) ?? _keys.FirstOrDefault(k => k.Id is null);
}
