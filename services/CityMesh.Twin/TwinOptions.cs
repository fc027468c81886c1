namespace CityMesh.Twin;

/// <summary>Settings under <c>CityMesh:Twin</c>.</summary>
public sealed record TwinOptions
{
    public const string Section = "CityMesh:Twin";

    /// <summary><c>memory</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Npgsql connection string when <see cref="Store"/> is postgres.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Observations kept per dynamic property, the current one included.</summary>
    public int HistoryDepth { get; init; } = 64;
}
