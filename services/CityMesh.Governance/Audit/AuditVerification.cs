namespace CityMesh.Governance.Audit;

/// <summary>What checking a chain found.</summary>
/// <param name="Count">Records checked.</param>
/// <param name="Head">The last record checked; null for an empty log.</param>
public sealed record AuditVerification(bool Ok, long Count, AuditHead? Head, IReadOnlyList<AuditProblem> Problems);

/// <summary>One thing wrong with a chain, at the record <see cref="Sequence"/> names.</summary>
public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AuditProblemKind>))]
public enum AuditProblemKind
{
    /// <summary>The record's fields do not give its hash: it was changed after it was written.</summary>
    Altered,

    /// <summary>The record's previous hash is not the hash of the record before it: something between was removed or moved.</summary>
    BrokenLink,

    /// <summary>Sequences skip: records were removed.</summary>
    SequenceGap,

    /// <summary>Sequences go back or repeat: records were reordered or duplicated.</summary>
    OutOfOrder,

    /// <summary>The log ends before, or differs at, the head expected of it: records were removed from the end.</summary>
    Truncated,
}
