using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>
/// How records are chained: each record's hash covers all its fields and the previous record's hash, so altering,
/// removing or reordering any record breaks every later link. The hash is a MAC under a secret key, so whoever can write
/// to the store but does not hold the key can neither add a record nor rewrite the chain from any point.
/// </summary>
public static class AuditChain
{
    /// <summary>The first record's previous hash.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Names the keyed encoding, so neither an earlier nor a future one can be confused with it.</summary>
    public const string Version = "citymesh-audit-v2";

    /// <summary>The unkeyed encoding of records written before logs were keyed.</summary>
    public const string LegacyVersion = "citymesh-audit-v1";

    /// <summary>
    /// Timestamps are kept to the microsecond (what PostgreSQL stores), so a record reads back exactly as hashed.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>The time as hashed: UTC, ISO-8601, six fractional digits.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Lowercase hex HMAC-SHA256 under <paramref name="key"/> over <see cref="Version"/>, then each field as a 4-byte
    /// big-endian length and its UTF-8 bytes: the key id, sequence (decimal), time (<see cref="FormatTime"/>), actor,
    /// kind, subject, details (<see cref="CanonicalJson"/>), previous hash. Length prefixes make the encoding
    /// unambiguous whatever the fields contain; the key id is covered so a record cannot be relabelled to another key.
    /// </summary>
    public static string Mac(AuditKey key, string keyId, long sequence, DateTimeOffset at, string actor, string kind, string subject,
        JsonElement details, string previousHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Secret,
            Encode([Version, keyId, sequence.ToString(CultureInfo.InvariantCulture), FormatTime(at), actor, kind, subject, CanonicalJson.Serialize(details), previousHash])));

    /// <summary>The MAC <paramref name="record"/> should carry under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The record is a legacy one, with no key id.</exception>
    public static string Mac(AuditKey key, AuditRecord record) =>
        Mac(key, record.KeyId ?? throw new ArgumentException($"record {record.Sequence} is a legacy record with no key id", nameof(record)),
            record.Sequence, record.At, record.Actor, record.Kind, record.Subject, record.Details, record.PreviousHash);

    /// <summary>
    /// The unkeyed hash of records written before logs were keyed: lowercase hex SHA-256 over <see cref="LegacyVersion"/>
    /// and the same fields as <see cref="Mac"/> but the key id. Anyone can compute it, which is why it is only trusted
    /// for records that a keyed record follows (see <see cref="AuditChainVerifier"/>).
    /// </summary>
    public static string LegacyHash(long sequence, DateTimeOffset at, string actor, string kind, string subject, JsonElement details, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(
            Encode([LegacyVersion, sequence.ToString(CultureInfo.InvariantCulture), FormatTime(at), actor, kind, subject, CanonicalJson.Serialize(details), previousHash])));

    /// <summary>The legacy hash <paramref name="record"/> should carry.</summary>
    public static string LegacyHash(AuditRecord record) =>
        LegacyHash(record.Sequence, record.At, record.Actor, record.Kind, record.Subject, record.Details, record.PreviousHash);

    private static byte[] Encode(ReadOnlySpan<string> fields)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }

    /// <summary>The record that follows <paramref name="head"/> (null for the first), with its time truncated and sealed under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The entry cannot be recorded: an empty actor or kind, or ambiguous details; or the key has no id.</exception>
    public static AuditRecord Next(AuditHead? head, AuditEntry entry, DateTimeOffset at, AuditKey key)
    {
        if (string.IsNullOrWhiteSpace(entry.Actor)) throw new ArgumentException("an audit entry needs an actor: every write is attributed", nameof(entry));
        if (string.IsNullOrWhiteSpace(entry.Kind)) throw new ArgumentException("an audit entry needs a kind", nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Subject);
        if (!AuditKey.IsValidId(key.Id)) throw new ArgumentException("records are sealed with a key that has an id", nameof(key));
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? Genesis;
        var time = Truncate(at);
        var details = CanonicalJson.Normalize(entry.Details);
        return new AuditRecord(sequence, time, entry.Actor, entry.Kind, entry.Subject, details, previous,
            Mac(key, key.Id!, sequence, time, entry.Actor, entry.Kind, entry.Subject, details, previous), key.Id);
    }

    /// <summary>Checks a whole chain, read from its first record, in order; see <see cref="AuditChainVerifier"/>.</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, AuditKeyRing keys, AuditHead? expectedHead = null,
        AuditCheckpointEvidence? checkpoints = null)
    {
        var verifier = new AuditChainVerifier(keys, expectedHead, checkpoints);
        foreach (var record in records) verifier.Add(record);
        return verifier.Finish();
    }

    /// <summary>Checks the chain <paramref name="log"/> holds, reading it in pages of <paramref name="pageSize"/>.</summary>
    public static Task<AuditVerification> VerifyAsync(IAuditLog log, AuditKeyRing keys, AuditHead? expectedHead = null,
        AuditCheckpointEvidence? checkpoints = null, int pageSize = 1000, CancellationToken ct = default) =>
        VerifyAsync(log.ReadAsync, keys, expectedHead, checkpoints, pageSize, ct);

    /// <summary>Checks the chain <paramref name="readPage"/> returns (records after a sequence, at most a limit), page by page.</summary>
    public static async Task<AuditVerification> VerifyAsync(Func<long, int, CancellationToken, Task<IReadOnlyList<AuditRecord>>> readPage,
        AuditKeyRing keys, AuditHead? expectedHead = null, AuditCheckpointEvidence? checkpoints = null, int pageSize = 1000, CancellationToken ct = default)
    {
        var verifier = new AuditChainVerifier(keys, expectedHead, checkpoints);
        var after = 0L;
        while (true)
        {
            var page = await readPage(after, pageSize, ct);
            foreach (var record in page) verifier.Add(record);
            if (page.Count < pageSize) break;
            // A page whose last sequence does not advance would loop for ever; the verifier has noted the disorder.
            if (page[^1].Sequence <= after) break;
            after = page[^1].Sequence;
        }
        return verifier.Finish();
    }
}
