namespace CityMesh.Governance.Audit;

/// <summary>What checking a chain found.</summary>
/// <param name="Count">Records checked.</param>
/// <param name="Head">The last record checked; null for an empty log.</param>
/// <param name="Legacy">Records checked as legacy (unkeyed, written before logs were keyed); trusted because a keyed record follows them.</param>
/// <param name="Checkpoints">Signed checkpoints whose head the log still holds.</param>
/// <param name="LatestCheckpoint">The latest checkpoint with a good signature; the log must reach it.</param>
public sealed record AuditVerification(bool Ok, long Count, AuditHead? Head, IReadOnlyList<AuditProblem> Problems,
    long Legacy = 0, long Checkpoints = 0, AuditCheckpoint? LatestCheckpoint = null);

/// <summary>One thing wrong with a chain, at the record <see cref="Sequence"/> names.</summary>
public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AuditProblemKind>))]
public enum AuditProblemKind
{
    /// <summary>The record's fields do not give its MAC: it was changed after it was written, or written without the key.</summary>
    Altered,

    /// <summary>The record's previous hash is not the hash of the record before it: something between was removed or moved.</summary>
    BrokenLink,

    /// <summary>Sequences skip: records were removed.</summary>
    SequenceGap,

    /// <summary>Sequences go back or repeat: records were reordered or duplicated.</summary>
    OutOfOrder,

    /// <summary>The log ends before, or differs at, the head expected of it or a signed checkpoint: records were removed from the end.</summary>
    Truncated,

    /// <summary>The record names a key the verifier does not hold: its MAC cannot be checked.</summary>
    UnknownKey,

    /// <summary>An unkeyed record after keyed ones, or legacy records no keyed record seals: nothing proves they are original.</summary>
    Unkeyed,

    /// <summary>A checkpoint's signature is bad or by an unknown key, or two signed checkpoints disagree.</summary>
    BadCheckpoint,
}
