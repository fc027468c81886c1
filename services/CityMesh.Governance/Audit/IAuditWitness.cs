namespace CityMesh.Governance.Audit;

/// <summary>
/// Somewhere outside the database that keeps every checkpoint it is given, so whoever can rewrite the database cannot
/// also rewrite the evidence. Exports may be repeated (after a crash between export and bookkeeping): a witness keeps
/// the same checkpoint twice harmlessly.
/// </summary>
public interface IAuditWitness
{
    /// <summary>Names the witness in logs and in the export bookkeeping, e.g. <c>file:/var/audit/witness.jsonl</c>.</summary>
    string Name { get; }

    /// <exception cref="Exception">Any failure: the exporter logs it and tries again later.</exception>
    Task ExportAsync(AuditCheckpoint checkpoint, CancellationToken ct = default);
}
