namespace CityMesh.Governance.Audit;

/// <summary>Settings under <c>CityMesh:Governance:Audit</c>.</summary>
public sealed record AuditLogOptions
{
    public const string Section = "CityMesh:Governance:Audit";

    /// <summary><c>memory</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Npgsql connection string when <see cref="Store"/> is postgres; the table lives in its first search-path schema.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The log these settings describe.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public IAuditLog CreateLog(TimeProvider clock) => Store switch
    {
        "memory" => new MemoryAuditLog(clock),
        "postgres" => new PostgresAuditLog(
            string.IsNullOrWhiteSpace(ConnectionString)
                ? throw new InvalidOperationException($"{Section}:ConnectionString is required when {Section}:Store is 'postgres'")
                : ConnectionString, clock),
        _ => throw new InvalidOperationException($"{Section}:Store is '{Store}'; use 'memory' or 'postgres'"),
    };
}
