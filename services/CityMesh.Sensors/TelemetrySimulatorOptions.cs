using CityMesh.Limits.Settings;

namespace CityMesh.Sensors;

/// <summary>Settings under <c>CityMesh:Telemetry</c>: the simulated sensors that feed a seeded city.</summary>
public sealed record TelemetrySimulatorOptions : ISettings<TelemetrySimulatorOptions>
{
    public const string Section = "CityMesh:Telemetry";

    static string ISettings<TelemetrySimulatorOptions>.Section => Section;

    /// <summary><c>CityMesh:Telemetry:Ingest</c> is the twin's telemetry ingestor's (<c>TelemetryIngestorOptions</c>).</summary>
    static IReadOnlyList<string> ISettings<TelemetrySimulatorOptions>.ReadElsewhere => ["Ingest"];

    public bool Enabled { get; init; }

    /// <summary>Wall-clock time between two rounds of readings.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>City seconds per wall-clock second: 60 plays a day in 24 minutes. Readings carry city time.</summary>
    public double TimeAcceleration { get; init; } = 1;

    /// <summary>
    /// Local time of day the city clock starts at (today, in the city's time zone), e.g. <c>07:30:00</c> to open on
    /// the morning rush; null starts at the real time.
    /// </summary>
    public TimeSpan? StartTimeOfDay { get; init; }

    /// <summary>Seed for the sensors' variation; null uses <c>CityMesh:City:Seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// The demand on the city's road network, in the network's format (<c>CityMesh:City:RoadNetworkFormat</c>): a
    /// CityFlow flow JSON, or SUMO routes (.rou.xml: vehicles, routes, flows, trips; with the city's SUMO additional
    /// files). Traffic detectors then read a running traffic simulation of it instead of daily profiles. Null (the
    /// default) keeps the profiles.
    /// </summary>
    public string? TrafficFlow { get; init; }

    /// <summary>
    /// Days of hospitals' daily admissions reported at start, as a hospital's system would send its history when it
    /// joins (so the health service can forecast from the first minute): 84 covers every feature of the forecast
    /// (the 28-day reference and the twelve weeks before it); 0 sends none.
    /// </summary>
    public int AdmissionsHistoryDays { get; init; } = 84;

    /// <summary>How often the simulator re-reads which sensors the twin holds.</summary>
    public TimeSpan RosterRefresh { get; init; } = TimeSpan.FromSeconds(30);

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public TelemetrySimulatorOptions Validated()
    {
        if (Interval < TimeSpan.FromMilliseconds(10))
            throw new InvalidOperationException($"{Section}:Interval is {Interval}; it must be at least 00:00:00.010.");
        if (!double.IsFinite(TimeAcceleration) || TimeAcceleration <= 0 || TimeAcceleration > 100_000)
            throw new InvalidOperationException($"{Section}:TimeAcceleration is {TimeAcceleration}; it must be above 0 and at most 100000.");
        if (StartTimeOfDay is { } start && (start < TimeSpan.Zero || start >= TimeSpan.FromDays(1)))
            throw new InvalidOperationException($"{Section}:StartTimeOfDay is {start}; it must be a time of day, 00:00:00 to 23:59:59.");
        if (AdmissionsHistoryDays is < 0 or > 3660)
            throw new InvalidOperationException($"{Section}:AdmissionsHistoryDays is {AdmissionsHistoryDays}; it must be from 0 to 3660.");
        if (RosterRefresh <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:RosterRefresh is {RosterRefresh}; it must be positive.");
        return this;
    }
}
