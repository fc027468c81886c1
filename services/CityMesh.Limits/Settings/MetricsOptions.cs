namespace CityMesh.Limits.Settings;

/// <summary><c>CityMesh:Metrics</c>: how the modules feed the metrics the host exports.</summary>
public sealed record MetricsOptions : ISettings<MetricsOptions>
{
    public const string SectionName = "CityMesh:Metrics";
    static string ISettings<MetricsOptions>.Section => SectionName;

    /// <summary>
    /// How often counts that come from a store (entities by type, actions by state, the audit chain's length) are read
    /// again: each is one query per interval, however often Prometheus scrapes.
    /// </summary>
    public TimeSpan StoreReadInterval { get; init; } = TimeSpan.FromSeconds(30);

    public MetricsOptions Validated() => StoreReadInterval >= TimeSpan.FromMilliseconds(100)
        ? this
        : throw new InvalidOperationException($"{SectionName}:StoreReadInterval is {StoreReadInterval}; it must be at least 00:00:00.1.");
}
