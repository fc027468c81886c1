using CityMesh.Limits.Settings;

namespace CityMesh.Twin;

/// <summary>Settings under <c>CityMesh:Twin</c>.</summary>
public sealed record TwinOptions : ISettings<TwinOptions>
{
    public const string Section = "CityMesh:Twin";

    static string ISettings<TwinOptions>.Section => Section;

    /// <summary><c>memory</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Npgsql connection string when <see cref="Store"/> is postgres.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// Observations kept per dynamic property, the current one included. 400 keeps four days of a water meter's
    /// 15-minute readings (safety's leak watch learns from three) and a year of a hospital's daily admissions.
    /// </summary>
    public int HistoryDepth { get; init; } = 400;

    /// <summary>
    /// NGSI-LD tenants besides the city's own entities, addressed with the <c>NGSILD-Tenant</c> header: each a separate
    /// information space in the same store (a schema of its own on PostgreSQL), reached only by callers of that
    /// tenant (<c>CityMesh:Access:ApiKeys:N:Tenant</c>, or a JWT's tenant claim). Empty: none.
    /// </summary>
    public IReadOnlyList<string> Tenants { get; init; } = [];

    public const int DefaultChangeLogCapacity = 100_000;

    /// <summary>
    /// With the memory store: changes the change log keeps for watchers to resume from (the twin read API's
    /// <c>WatchChanges</c>); a watcher further behind reads the twin again.
    /// </summary>
    public int ChangeLogCapacity { get; init; } = DefaultChangeLogCapacity;

    /// <summary>With PostgreSQL: how long the change log keeps a change.</summary>
    public TimeSpan ChangeLogRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>With PostgreSQL: how often a watcher with nothing new asks the log again.</summary>
    public TimeSpan ChangeLogPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <remarks>Tenant names are checked with the access keys that name them, by <see cref="Tenancy.TwinTenants"/>.</remarks>
    /// <exception cref="InvalidOperationException">A setting the stores cannot open with; the message names the key.</exception>
    public TwinOptions Validated()
    {
        if (Store is not ("memory" or "postgres")) throw new InvalidOperationException($"{Section}:Store is '{Store}'; use 'memory' or 'postgres'.");
        if (Store == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException($"{Section}:ConnectionString is required when Store is 'postgres'.");
        if (HistoryDepth < 1) throw new InvalidOperationException($"{Section}:HistoryDepth is {HistoryDepth}; keep at least 1 observation.");
        if (ChangeLogCapacity < 1) throw new InvalidOperationException($"{Section}:ChangeLogCapacity is {ChangeLogCapacity}; give at least 1.");
        if (ChangeLogRetention <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:ChangeLogRetention is {ChangeLogRetention}; give a positive duration such as 01:00:00.");
        if (ChangeLogPollInterval <= TimeSpan.Zero || ChangeLogPollInterval > TimeSpan.FromMinutes(1))
            throw new InvalidOperationException($"{Section}:ChangeLogPollInterval is {ChangeLogPollInterval}; give more than 0 and at most a minute.");
        return this;
    }
}
