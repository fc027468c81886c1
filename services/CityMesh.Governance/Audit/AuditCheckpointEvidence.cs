namespace CityMesh.Governance.Audit;

/// <summary>
/// Checkpoints gathered for a verification (the log's own table, witness files), each named by where it came from, and
/// the public keys to check their signatures with. A checkpoint is only evidence once its signature checks.
/// </summary>
public sealed class AuditCheckpointEvidence(AuditCheckpointKeys keys) : IDisposable
{
    private readonly List<(AuditCheckpoint Checkpoint, string Source)> _checkpoints = [];

    public AuditCheckpointKeys Keys { get; } = keys;

    public IReadOnlyList<(AuditCheckpoint Checkpoint, string Source)> Checkpoints => _checkpoints;

    /// <param name="source">E.g. <c>checkpoint table</c> or <c>witness file /var/audit/witness.jsonl line 4</c>.</param>
    public AuditCheckpointEvidence Add(IEnumerable<AuditCheckpoint> checkpoints, string source)
    {
        _checkpoints.AddRange(checkpoints.Select(c => (c, source)));
        return this;
    }

    public AuditCheckpointEvidence Add(AuditCheckpoint checkpoint, string source)
    {
        _checkpoints.Add((checkpoint, source));
        return this;
    }

    /// <summary>Disposes the keys, which this evidence owns.</summary>
    public void Dispose() => Keys.Dispose();
}
