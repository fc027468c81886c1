using CityMesh.Limits.Settings;

namespace CityMesh.Safety;

/// <summary>Settings under <c>CityMesh:Safety</c>: the terrain, when a gauge alerts, and the forecast it runs.</summary>
public sealed record SafetyOptions : ISettings<SafetyOptions>
{
    public const string Section = "CityMesh:Safety";

    static string ISettings<SafetyOptions>.Section => Section;

    /// <summary>The city whose gauges and shelters this service follows (the city segment of entity ids); null uses <c>CityMesh:City:Name</c>.</summary>
    public string? City { get; init; }

    /// <summary>
    /// The city's elevation raster (ESRI ASCII grid or GeoTIFF, in a projected CRS in metres). Empty: a seeded river
    /// valley is drawn over the twin's buildings, as <c>citymesh up</c> has it.
    /// </summary>
    public string? TerrainFile { get; init; }

    /// <summary>
    /// Where the river enters the city's ground (WGS84), where the forecast lets in its inflow: required with
    /// <see cref="TerrainFile"/> (a DEM knows no river); without it, where the generated river enters.
    /// </summary>
    public double? RiverInflowLatitude { get; init; }

    public double? RiverInflowLongitude { get; init; }

    /// <summary>The generated valley's seed; null: the city's seed (<c>CityMesh:City:Seed</c>), so the same city always has the same ground.</summary>
    public long? TerrainSeed { get; init; }

    /// <summary>Cell size of the generated valley, m: 40 m keeps a forecast of a 5 km city to seconds on two cores.</summary>
    public double TerrainCellSize { get; init; } = 40;

    /// <summary>Ground drawn beyond the buildings' extent on every side, m.</summary>
    public double TerrainMarginMetres { get; init; } = 500;

    /// <summary>The generated river's channel: depth below its banks and width, m.</summary>
    public double RiverDepth { get; init; } = 3;

    public double RiverWidth { get; init; } = 100;

    /// <summary>
    /// The river's discharge when the gauges stand at their alert line, m³/s: the alert line is set at bankfull, the
    /// level above which the river leaves its channel. Manning's equation for the generated channel (100 m × 3 m, slope
    /// about 1:1000, n 0.035) gives about 540 m³/s.
    /// </summary>
    public double BankfullDischarge { get; init; } = 500;

    /// <summary>The rating curve's exponent: discharge grows as stage^b; 5/3 is Manning's for a wide channel.</summary>
    public double RatingExponent { get; init; } = 5.0 / 3.0;

    /// <summary>
    /// A rising trend is followed at most this far above the current level, m: a drain that rose a metre in ten minutes
    /// does not mean the river goes on rising at that rate for hours.
    /// </summary>
    public double MaxRiseMetres { get; init; } = 1;

    /// <summary>Hours the forecast simulates from now.</summary>
    public double ForecastHours { get; init; } = 3;

    /// <summary>The gauge's trend (least squares) is taken over this much of its recent readings.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>An alert clears only this far below the line that raised it, m, so a level wavering at it does not flap.</summary>
    public double HysteresisMetres { get; init; } = 0.1;

    /// <summary>During one flood, a new forecast runs when a gauge crosses its critical line, or at most this often while levels keep rising.</summary>
    public TimeSpan ReforecastInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A road is proposed closed where the forecast puts water on it above this depth, m.</summary>
    public double RoadClosureDepthMetres { get; init; } = 0.3;

    /// <summary>A building counts as flooded, and its people as to be evacuated, above this depth, m.</summary>
    public double FloodedDepthMetres { get; init; } = 0.1;

    /// <summary>Residential floor area per resident, m², for the people in a flooded building.</summary>
    public double FloorAreaPerResident { get; init; } = 35;

    /// <summary>Evacuation zones are squares of this side, m: one proposal each, so an operator can order them street by street.</summary>
    public double ZoneMetres { get; init; } = 500;

    /// <summary>How long a closure or evacuation proposal waits for a decision before it expires.</summary>
    public TimeSpan ProposalLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Where each forecast's results go (depth map, report, consequences); null: a folder under the system's temporary directory.</summary>
    public string? ForecastDirectory { get; init; }

    /// <summary>Forecasts kept on disk and listed; older ones are deleted.</summary>
    public int ForecastsKept { get; init; } = 20;

    /// <summary>The water network in the twin whose hydraulics safety keeps live (its <c>WaterNetwork</c> entity's local id); <c>citymesh up</c> seeds "city".</summary>
    public string WaterNetwork { get; init; } = "city";

    /// <summary>How often the live hydraulics move on and write pressures, flows and tank levels to the twin; zero turns them off.</summary>
    public TimeSpan WaterInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the leak watch looks at the water meters' readings for a leak (when new readings have come); zero
    /// turns it off. It watches only a network whose meters the twin holds (<c>Device</c>s with a district meter).
    /// </summary>
    public TimeSpan LeakWatchInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Days of the meters' readings, before the hours watched, that the watch takes as leak-free and learns the network's normal from.</summary>
    public int LeakTrainingDays { get; init; } = 2;

    /// <summary>The newest hours of readings the watch looks for a leak in (city time, the meters' clock).</summary>
    public double LeakWatchHours { get; init; } = 24;

    /// <summary>
    /// The air quality band from which a station alerts and its incident opens: a band of the index (WHO 2021 based:
    /// Good, Fair, Moderate, Poor, Very poor, Extremely poor; <c>services/CityMesh.Simulation/Air/README.md</c>).
    /// </summary>
    public string AirAlertBand { get; init; } = "Poor";

    /// <summary>Cell size of the interpolated air quality layer, metres.</summary>
    public double AirCellMetres { get; init; } = 100;

    /// <summary>How often the air sensors' series are scanned for faults (stuck, drift, spikes); zero turns it off.</summary>
    public TimeSpan AirFaultScanInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public SafetyOptions Validated()
    {
        static void Require(bool ok, string key, object? value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{Section}:{key} is {value}; it must be {rule}.");
        }
        Require(RiverInflowLatitude is null == RiverInflowLongitude is null, nameof(RiverInflowLongitude), RiverInflowLongitude, "set together with RiverInflowLatitude");
        Require(RiverInflowLatitude is null or (>= -90 and <= 90), nameof(RiverInflowLatitude), RiverInflowLatitude, "a latitude, -90 to 90");
        Require(RiverInflowLongitude is null or (>= -180 and <= 180), nameof(RiverInflowLongitude), RiverInflowLongitude, "a longitude, -180 to 180");
        Require(string.IsNullOrWhiteSpace(TerrainFile) || RiverInflowLatitude is not null, nameof(RiverInflowLatitude), "unset",
            $"set, with RiverInflowLongitude, when TerrainFile is ({TerrainFile}): a DEM does not say where the river enters");
        Require(TerrainCellSize is >= 2 and <= 500, nameof(TerrainCellSize), TerrainCellSize, "within [2, 500] m");
        Require(TerrainMarginMetres is >= 0 and <= 20000, nameof(TerrainMarginMetres), TerrainMarginMetres, "within [0, 20000] m");
        Require(RiverDepth is >= 0.5 and <= 30, nameof(RiverDepth), RiverDepth, "within [0.5, 30] m");
        Require(RiverWidth >= 2 * TerrainCellSize && RiverWidth <= 1000, nameof(RiverWidth), RiverWidth, $"at least two cells ({2 * TerrainCellSize} m) and at most 1000 m");
        Require(BankfullDischarge is > 0 and <= 100000, nameof(BankfullDischarge), BankfullDischarge, "above 0 and at most 100000 m³/s");
        Require(RatingExponent is >= 1 and <= 3, nameof(RatingExponent), RatingExponent, "within [1, 3]");
        Require(MaxRiseMetres is >= 0 and <= 20, nameof(MaxRiseMetres), MaxRiseMetres, "within [0, 20] m");
        Require(ForecastHours is >= 0.25 and <= 48, nameof(ForecastHours), ForecastHours, "within [0.25, 48] h");
        Require(TrendWindow >= TimeSpan.FromMinutes(1), nameof(TrendWindow), TrendWindow, "at least 00:01:00");
        Require(HysteresisMetres is >= 0 and <= 5, nameof(HysteresisMetres), HysteresisMetres, "within [0, 5] m");
        Require(ReforecastInterval >= TimeSpan.Zero, nameof(ReforecastInterval), ReforecastInterval, "zero or more");
        Require(RoadClosureDepthMetres is >= 0.01 and <= 5, nameof(RoadClosureDepthMetres), RoadClosureDepthMetres, "within [0.01, 5] m");
        Require(FloodedDepthMetres is >= 0.01 and <= 5, nameof(FloodedDepthMetres), FloodedDepthMetres, "within [0.01, 5] m");
        Require(FloorAreaPerResident is >= 5 and <= 500, nameof(FloorAreaPerResident), FloorAreaPerResident, "within [5, 500] m²");
        Require(ZoneMetres is >= 50 and <= 10000, nameof(ZoneMetres), ZoneMetres, "within [50, 10000] m");
        Require(ProposalLifetime > TimeSpan.Zero, nameof(ProposalLifetime), ProposalLifetime, "positive");
        Require(ForecastsKept is >= 1 and <= 1000, nameof(ForecastsKept), ForecastsKept, "within [1, 1000]");
        Require(WaterNetwork.Length > 0 && WaterNetwork.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)), nameof(WaterNetwork), WaterNetwork, "lower-case letters and digits");
        Require(WaterInterval == TimeSpan.Zero || WaterInterval >= TimeSpan.FromSeconds(1), nameof(WaterInterval), WaterInterval, "zero (off) or at least 00:00:01");
        Require(LeakWatchInterval == TimeSpan.Zero || LeakWatchInterval >= TimeSpan.FromSeconds(1), nameof(LeakWatchInterval), LeakWatchInterval, "zero (off) or at least 00:00:01");
        Require(LeakTrainingDays is >= 1 and <= 14, nameof(LeakTrainingDays), LeakTrainingDays, "1 to 14 days");
        Require(LeakWatchHours is >= 7 and <= 168, nameof(LeakWatchHours), LeakWatchHours, "7 to 168 h (the locator fits 6 h after an alarm)");
        Require(new Simulation.Air.Alerts.AirAlertOptions { AlertBand = AirAlertBand }.Validate(Simulation.Air.Index.AirIndex.Default).Count == 0,
            nameof(AirAlertBand), AirAlertBand, $"a band of the air quality index above its cleanest ({string.Join(", ", Simulation.Air.Index.AirIndex.Default.Bands.Skip(1).Select(b => b.Name))})");
        Require(AirCellMetres is >= 10 and <= 5000, nameof(AirCellMetres), AirCellMetres, "10 to 5000 m");
        Require(AirFaultScanInterval == TimeSpan.Zero || AirFaultScanInterval >= TimeSpan.FromSeconds(1), nameof(AirFaultScanInterval), AirFaultScanInterval, "zero (off) or at least 00:00:01");
        return this;
    }
}
