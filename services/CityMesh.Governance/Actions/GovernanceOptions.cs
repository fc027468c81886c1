using CityMesh.Limits.Settings;

namespace CityMesh.Governance.Actions;

/// <summary>Settings under <c>CityMesh:Governance</c>.</summary>
public sealed record GovernanceOptions : ISettings<GovernanceOptions>
{
    public const string Section = "CityMesh:Governance";

    static string ISettings<GovernanceOptions>.Section => Section;

    /// <summary><c>CityMesh:Governance:Audit</c> is the audit log's (<see cref="Audit.AuditLogOptions"/>).</summary>
    static IReadOnlyList<string> ISettings<GovernanceOptions>.ReadElsewhere => ["Audit"];

    /// <summary>Policies by action type, e.g. <c>transport.signal-retiming</c>.</summary>
    public Dictionary<string, ActionPolicy> Policies { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The autonomy of a type without a policy: people decide unless told otherwise.</summary>
    public AutonomyLevel DefaultAutonomy { get; init; } = AutonomyLevel.ApproveThenAct;

    /// <summary>How often undecided actions past their expiry are marked expired.</summary>
    public TimeSpan ExpirySweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>memory</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Npgsql connection string when <see cref="Store"/> is postgres.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The policy for <paramref name="type"/>, or the default autonomy without limits.</summary>
    public ActionPolicy PolicyFor(string type) =>
        Policies.TryGetValue(type, out var policy) ? policy : new ActionPolicy { Autonomy = DefaultAutonomy };

    /// <returns>This, when every setting is usable.</returns>
    /// <exception cref="InvalidOperationException">A setting is not; the message names its key.</exception>
    public GovernanceOptions Validated()
    {
        if (!Enum.IsDefined(DefaultAutonomy)) throw Invalid("DefaultAutonomy", $"is {(int)DefaultAutonomy}; use Advise, ApproveThenAct or ActWithinGuardrails");
        if (ExpirySweepInterval <= TimeSpan.Zero) throw Invalid("ExpirySweepInterval", $"is {ExpirySweepInterval}; it must be positive, e.g. 00:00:30");
        if (Store is not ("memory" or "postgres")) throw Invalid("Store", $"is '{Store}'; use 'memory' or 'postgres'");
        if (Store == "postgres" && string.IsNullOrWhiteSpace(ConnectionString)) throw Invalid("ConnectionString", "is required when Store is 'postgres'");
        foreach (var (type, policy) in Policies)
        {
            if (string.IsNullOrWhiteSpace(type)) throw Invalid("Policies", "has a policy without an action type");
            if (!Enum.IsDefined(policy.Autonomy)) throw Invalid($"Policies:{type}:Autonomy", $"is {(int)policy.Autonomy}; use Advise, ApproveThenAct or ActWithinGuardrails");
            foreach (var (measure, limit) in policy.Limits)
            {
                if (!double.IsFinite(limit) || limit < 0) throw Invalid($"Policies:{type}:Limits:{measure}", $"is {limit}; a limit is a finite number ≥ 0");
            }
            if (policy.Autonomy == AutonomyLevel.ActWithinGuardrails && policy.Limits.Count == 0)
                throw Invalid($"Policies:{type}:Limits", "is empty; ActWithinGuardrails needs at least one limit, or nothing would bound what runs on its own");
        }
        return this;
    }

    private static InvalidOperationException Invalid(string key, string problem) => new($"{Section}:{key} {problem}.");
}
