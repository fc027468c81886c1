using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>
/// How records are chained: each record's hash covers all its fields and the previous record's hash, so altering,
/// removing or reordering any record breaks every later link.
/// </summary>
public static class AuditChain
{
    /// <summary>The first record's previous hash.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Names the encoding, so a future one cannot be confused with it.</summary>
    private const string Version = "citymesh-audit-v1";

    /// <summary>
    /// Timestamps are kept to the microsecond (what PostgreSQL stores), so a record reads back exactly as hashed.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>The time as hashed: UTC, ISO-8601, six fractional digits.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Lowercase hex SHA-256 over the version, then each field as a 4-byte big-endian length and its UTF-8 bytes:
    /// sequence (decimal), time (<see cref="FormatTime"/>), actor, kind, subject, details (<see cref="CanonicalJson"/>),
    /// previous hash. Length prefixes make the encoding unambiguous whatever the fields contain.
    /// </summary>
    public static string Hash(long sequence, DateTimeOffset at, string actor, string kind, string subject, JsonElement details, string previousHash)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in (ReadOnlySpan<string>)[Version, sequence.ToString(CultureInfo.InvariantCulture), FormatTime(at), actor, kind, subject, CanonicalJson.Serialize(details), previousHash])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>The hash <paramref name="record"/> should carry.</summary>
    public static string Hash(AuditRecord record) =>
        Hash(record.Sequence, record.At, record.Actor, record.Kind, record.Subject, record.Details, record.PreviousHash);

    /// <summary>The record that follows <paramref name="head"/> (null for the first), with its time truncated and hash sealed.</summary>
    /// <exception cref="ArgumentException">The entry cannot be recorded: an empty actor or kind, or ambiguous details.</exception>
    public static AuditRecord Next(AuditHead? head, AuditEntry entry, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(entry.Actor)) throw new ArgumentException("an audit entry needs an actor: every write is attributed", nameof(entry));
        if (string.IsNullOrWhiteSpace(entry.Kind)) throw new ArgumentException("an audit entry needs a kind", nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Subject);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? Genesis;
        var time = Truncate(at);
        var details = CanonicalJson.Normalize(entry.Details);
        return new AuditRecord(sequence, time, entry.Actor, entry.Kind, entry.Subject, details, previous,
            Hash(sequence, time, entry.Actor, entry.Kind, entry.Subject, details, previous));
    }

    /// <summary>Checks a whole chain, read from its first record, in order; see <see cref="AuditChainVerifier"/>.</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, AuditHead? expectedHead = null)
    {
        var verifier = new AuditChainVerifier(expectedHead);
        foreach (var record in records) verifier.Add(record);
        return verifier.Finish();
    }

    /// <summary>Checks the chain <paramref name="log"/> holds, reading it in pages of <paramref name="pageSize"/>.</summary>
    public static Task<AuditVerification> VerifyAsync(IAuditLog log, AuditHead? expectedHead = null, int pageSize = 1000, CancellationToken ct = default) =>
        VerifyAsync(log.ReadAsync, expectedHead, pageSize, ct);

    /// <summary>Checks the chain <paramref name="readPage"/> returns (records after a sequence, at most a limit), page by page.</summary>
    public static async Task<AuditVerification> VerifyAsync(Func<long, int, CancellationToken, Task<IReadOnlyList<AuditRecord>>> readPage,
        AuditHead? expectedHead = null, int pageSize = 1000, CancellationToken ct = default)
    {
        var verifier = new AuditChainVerifier(expectedHead);
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
