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

    /// <summary>
    /// The water network whose meters the simulator plays (<c>city</c>, the one under the streets, by default): loggers,
    /// district meters, tank gauges and pump signals read a running simulation of it (<see cref="Water.WaterField"/>).
    /// Empty plays none. A network the twin holds without meters is not played.
    /// </summary>
    public string? WaterNetwork { get; init; } = "city";

    /// <summary>
    /// Days of the water meters' readings sent at start, as a utility's SCADA historian would (the leak watch learns its
    /// normal days from them): 3 covers its two training days and the day it watches; 0 sends none.
    /// </summary>
    public int WaterHistoryDays { get; init; } = 3;

    /// <summary>
    /// A leak already running when the simulator starts, for drills and tests: the pipe (the network's own id), its
    /// share of the network's mean inflow and how long before the start it opened (city time). Null: none. A leak from
    /// now on is opened with <c>POST /sensors/drills/leak</c>.
    /// </summary>
    public string? WaterLeakPipe { get; init; }

    public double WaterLeakShare { get; init; } = 0.08;

    public double WaterLeakHoursAgo { get; init; } = 8;

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
        if (WaterHistoryDays is < 0 or > 30)
            throw new InvalidOperationException($"{Section}:WaterHistoryDays is {WaterHistoryDays}; it must be from 0 to 30.");
        if (!(WaterLeakShare > 0 && WaterLeakShare <= 0.5))
            throw new InvalidOperationException($"{Section}:WaterLeakShare is {WaterLeakShare}; it must be above 0 and at most 0.5.");
        if (!(WaterLeakHoursAgo >= 0) || WaterLeakHoursAgo > 24.0 * WaterHistoryDays)
            throw new InvalidOperationException($"{Section}:WaterLeakHoursAgo is {WaterLeakHoursAgo}; it must be from 0 to the history sent ({24 * WaterHistoryDays} h).");
        if (RosterRefresh <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:RosterRefresh is {RosterRefresh}; it must be positive.");
        return this;
    }
}
