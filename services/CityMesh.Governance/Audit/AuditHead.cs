using System.Globalization;

namespace CityMesh.Governance.Audit;

/// <summary>
/// The last record of a chain, written <c>SEQ:HASH</c>. Kept somewhere else (a ticket, a printout), it proves later
/// that the log still reaches it: removing records from the end leaves a valid but shorter chain.
/// </summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence.ToString(CultureInfo.InvariantCulture)}:{Hash}";

    /// <summary>Reads <c>SEQ:HASH</c> (a positive sequence, 64 hex digits); null when it is not one.</summary>
    public static AuditHead? TryParse(string? text)
    {
        if (text?.Split(':') is not [var sequence, var hash]) return null;
        if (!long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1) return null;
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) return null;
        return new AuditHead(seq, hash.ToLowerInvariant());
    }
}
