using CityMesh.Limits.Settings;

namespace CityMesh.Governance.Audit;

/// <summary>Settings under <c>CityMesh:Governance:Audit</c>.</summary>
public sealed record AuditLogOptions : ISettings<AuditLogOptions>
{
    public const string Section = "CityMesh:Governance:Audit";

    static string ISettings<AuditLogOptions>.Section => Section;

    /// <summary><c>memory</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Npgsql connection string when <see cref="Store"/> is postgres; the tables live in its first search-path schema.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The record-sealing key, base64 of at least 32 bytes, when one key is enough; or <see cref="KeyFile"/>, or <see cref="Keys"/>.</summary>
    public string? Key { get; init; }

    /// <summary>A file holding <see cref="Key"/>'s base64 text, such as a mounted Kubernetes Secret.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The id <see cref="Key"/> or <see cref="KeyFile"/> seals under (default <c>k1</c>); keep it when moving the key into <see cref="Keys"/>.</summary>
    public string KeyId { get; init; } = "k1";

    /// <summary>The key ring, oldest first: the last seals new records, all verify the records that name them.</summary>
    public List<AuditKeyOptions> Keys { get; init; } = [];

    public AuditCheckpointOptions Checkpoints { get; init; } = new();

    public AuditWitnessOptions Witness { get; init; } = new();

    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public AuditLogOptions Validated()
    {
        if (Store is not ("memory" or "postgres")) throw new InvalidOperationException($"{Section}:Store is '{Store}'; use 'memory' or 'postgres'");
        if (Store == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException($"{Section}:ConnectionString is required when {Section}:Store is 'postgres'");
        Checkpoints.Validated();
        Witness.Validated();
        return this;
    }

    /// <summary>The key ring the settings name, or null when they name no key.</summary>
    /// <exception cref="InvalidOperationException">A key is malformed, unreadable or doubly given; the message names the setting.</exception>
    public AuditKeyRing? CreateKeys()
    {
        if (Key is not null && KeyFile is not null) throw new InvalidOperationException($"give {Section}:Key or {Section}:KeyFile, not both");
        var single = Key is not null ? AuditKey.FromBase64(KeyId, Key, $"{Section}:Key")
            : KeyFile is not null ? AuditKey.FromFile(KeyId, KeyFile, $"{Section}:KeyFile")
            : null;
        if (single is not null && Keys.Count > 0)
            throw new InvalidOperationException($"give {Section}:Key (or KeyFile) or {Section}:Keys, not both: move the key into Keys with Id '{KeyId}'");
        if (single is not null) return new AuditKeyRing(single);
        if (Keys.Count == 0) return null;
        var keys = Keys.Select((k, i) =>
        {
            var setting = $"{Section}:Keys:{i}";
            if (!AuditKey.IsValidId(k.Id)) throw new InvalidOperationException($"{setting}:Id is '{k.Id}'; give 1 to 64 letters, digits, '.', '_' or '-'");
            return (k.Key, k.KeyFile) switch
            {
                ({ } key, null) => AuditKey.FromBase64(k.Id, key, $"{setting}:Key"),
                (null, { } file) => AuditKey.FromFile(k.Id, file, $"{setting}:KeyFile"),
                _ => throw new InvalidOperationException($"{setting}: give Key or KeyFile, one of them"),
            };
        }).ToList();
        var twice = keys.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"{Section}:Keys gives the id '{twice.Key}' twice");
        return new AuditKeyRing(keys);
    }
}
