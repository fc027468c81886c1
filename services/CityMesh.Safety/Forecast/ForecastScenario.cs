using CityMesh.Safety.Gauges;
using CityMesh.Scenarios.Model;

namespace CityMesh.Safety.Forecast;

/// <summary>
/// The flood scenario a live forecast runs, built from the twin as it is now: the city's ground (the terrain file, or
/// the seeded valley over the twin's buildings), the river's inflow from the alerting gauge's rating curve, the rain
/// the rain gauges report (the mean of those heard within <see cref="RainFresh"/>, taken to go on for the first half
/// of the horizon, as the river's stage is, and to stop then), and the flood defences as they stand: deployed barriers
/// and running pumps in every run. When some stand idle, a variant, <see cref="AllDefences"/>, deploys and starts them
/// all, so the forecast says what they would save. Barriers and pumps the flood would refuse (no line, no place, a
/// height or capacity out of its range) are left out rather than failing the forecast.
/// </summary>
public static class ForecastScenario
{
    /// <summary>The forecast's variant with every stowed barrier deployed and every pump on standby started.</summary>
    public const string AllDefences = "all-defences";

    /// <summary>A rain gauge's reading older than this is not rain now.</summary>
    public static readonly TimeSpan RainFresh = TimeSpan.FromHours(1);

    /// <summary>
    /// The scenario for the forecast: what is run, and what the report shows. The rain now (<paramref name="live"/>'s
    /// rain gauges) is taken to go on for the first half of the horizon, as the river's stage is, and to stop then.
    /// </summary>
    /// <param name="river">The river the alerting gauge stands on: with a terrain file, its inflow enters at the
    /// river's first point, not at <see cref="SafetyOptions.RiverInflowLatitude"/>. A generated valley has its own river.</param>
    public static TwinScenario Build(string id, string city, long citySeed, SafetyOptions options, IReadOnlyList<HydrographPoint> hydrograph,
        SafetySnapshot live, DateTimeOffset now, RiverState? river = null) => new()
    {
        Metadata = new ObjectMeta { Name = id, Namespace = city },
        Spec = new TwinScenarioSpec
        {
            City = city,
            Simulation = SimulationKinds.Flood,
            Seed = 1,
            Flood = new FloodSpec
            {
                Terrain = string.IsNullOrWhiteSpace(options.TerrainFile)
                    ? new FloodTerrainSpec
                    {
                        Generate = new GeneratedTerrainSpec
                        {
                            CellSize = options.TerrainCellSize, Seed = options.TerrainSeed ?? citySeed, MarginMetres = options.TerrainMarginMetres,
                            RiverDepth = options.RiverDepth, RiverWidth = options.RiverWidth,
                        },
                    }
                    : new FloodTerrainSpec { File = new FileSource { Path = Path.GetFileName(options.TerrainFile) } },
                Hours = options.ForecastHours,
                Inflows = [new FloodInflowSpec
                {
                    Name = "river",
                    At = InflowPoint(options, river),
                    Hydrograph = [.. hydrograph.Select(p => new HydrographPointSpec { Hour = p.Hour, CubicMetresPerSecond = p.CubicMetresPerSecond })],
                }],
                Rain = Rain(live.RainNow(now, RainFresh), options.ForecastHours),
                Barriers = [.. live.Barriers.Where(b => b.Deployed).Select(Barrier).OfType<BarrierSpec>()],
                Pumps = [.. live.Pumps.Where(p => p.Running).Select(Pump).OfType<PumpSpec>()],
                RoadClosureDepthMetres = options.RoadClosureDepthMetres,
                FloodedDepthMetres = options.FloodedDepthMetres,
                Twin = new FloodTwinSpec { FloorAreaPerResident = options.FloorAreaPerResident },
            },
            Interventions = Defences(live) is { } rest ? [rest] : [],
        },
    };

    /// <summary>The settings the river's rating curve uses: the twin's river's bankfull discharge where it gives one.</summary>
    public static SafetyOptions Rating(SafetyOptions options, RiverState? river) =>
        river?.BankfullDischarge is { } bankfull && bankfull > 0 ? options with { BankfullDischarge = bankfull } : options;

    /// <summary>Where the river enters a terrain file's grid: the twin's river's first point, else the setting; a generated valley's own entry (null) without a file.</summary>
    private static FloodPointSpec? InflowPoint(SafetyOptions options, RiverState? river)
    {
        if (string.IsNullOrWhiteSpace(options.TerrainFile)) return null;
        if (river is { Course: [var source, ..] }) return new FloodPointSpec { Latitude = source.Latitude, Longitude = source.Longitude };
        return options.RiverInflowLatitude is { } lat ? new FloodPointSpec { Latitude = lat, Longitude = options.RiverInflowLongitude } : null;
    }

    /// <summary>The rain as [hour, mm/h]: the rate now for half the horizon, then none; no points when it is dry or unknown.</summary>
    private static IReadOnlyList<RainPointSpec> Rain(double? now, double hours)
    {
        if (now is not > 0) return [];
        double half = hours / 2, rate = Math.Round(Math.Min(now.Value, 500), 1);
        return [new() { Hour = 0, MillimetresPerHour = rate }, new() { Hour = half, MillimetresPerHour = rate }, new() { Hour = half + 0.25, MillimetresPerHour = 0 }];
    }

    /// <summary>The variant deploying every stowed barrier and starting every pump on standby; null when all are at work already.</summary>
    private static InterventionSpec? Defences(SafetySnapshot live)
    {
        var barriers = live.Barriers.Where(b => !b.Deployed).Select(Barrier).OfType<BarrierSpec>().ToList();
        var pumps = live.Pumps.Where(p => !p.Running).Select(Pump).OfType<PumpSpec>().ToList();
        if (barriers.Count == 0 && pumps.Count == 0) return null;
        return new InterventionSpec
        {
            Name = AllDefences,
            Description = $"Deploy {barriers.Count} stowed flood barriers and start {pumps.Count} drainage pumps on standby",
            Flood = new FloodInterventionSpec { Barriers = barriers, Pumps = pumps },
        };
    }

    /// <summary>
    /// The evacuation of the homes <paramref name="flood"/> reaches: the same flood first (its zone is the buildings it
    /// floods past <see cref="SafetyOptions.FloodedDepthMetres"/>), then everyone in them on foot, at once, to the
    /// twin's shelters, each sent to the nearest with room; over the forecast's horizon.
    /// </summary>
    public static TwinScenario Evacuation(TwinScenario flood, SafetyOptions options) => new()
    {
        Metadata = new ObjectMeta { Name = flood.Metadata.Name + "-evacuation", Namespace = flood.Metadata.Namespace },
        Spec = new TwinScenarioSpec
        {
            City = flood.Spec.City,
            Simulation = SimulationKinds.Evacuation,
            Seed = 1,
            Evacuation = new EvacuationSpec
            {
                Zone = new EvacuationZoneSpec { Flood = new FloodZoneSpec { DepthMetres = options.FloodedDepthMetres } },
                Flood = flood.Spec.Flood,
                Hours = options.ForecastHours,
                Assignment = ShelterAssignments.NearestWithRoom,
                Twin = new EvacuationTwinSpec { FloorAreaPerResident = options.FloorAreaPerResident },
            },
        },
    };

    /// <summary>The idle defences the <see cref="AllDefences"/> variant puts to work: stowed barriers and pumps on standby the flood can place, by entity id.</summary>
    public static IReadOnlyList<string> Idle(SafetySnapshot live) =>
        [.. live.Barriers.Where(b => !b.Deployed && Barrier(b) is not null).Select(b => b.Id), .. live.Pumps.Where(p => !p.Running && Pump(p) is not null).Select(p => p.Id)];

    /// <summary>
    /// The barriers and pumps the forecast leaves out, each with why ("fb2: no line of two points"): what the twin holds
    /// of them is wrong, and the forecast says so rather than failing or passing over it in silence.
    /// </summary>
    public static IReadOnlyList<string> LeftOut(SafetySnapshot live) =>
    [
        .. live.Barriers.Where(b => Barrier(b) is null).Select(b => b.Line.Count < 2
            ? $"{b.Id}: no line of two points or more"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{b.Id}: height {b.Height} m, not within [0.1, 20]")),
        .. live.Pumps.Where(p => Pump(p) is null).Select(p => p.Location is null
            ? $"{p.Id}: no location"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Id}: capacity {p.Capacity} m³/s, not within [0.01, 1000]")),
    ];

    /// <summary>A barrier as the flood takes it; null (left out) for one without a line or with a height the flood refuses.</summary>
    private static BarrierSpec? Barrier(BarrierState b) => b.Line.Count >= 2 && b.Height is >= 0.1 and <= 20
        ? new BarrierSpec { Name = Label(b.Id), HeightMetres = b.Height, Line = [.. b.Line.Select(p => new FloodPointSpec { Latitude = p.Latitude, Longitude = p.Longitude })] }
        : null;

    /// <summary>A pump as the flood takes it; null (left out) for one without a place or with a capacity the flood refuses.</summary>
    private static PumpSpec? Pump(PumpState p) => p.Location is { } at && p.Capacity is >= 0.01 and <= 1000
        ? new PumpSpec { Name = Label(p.Id), CubicMetresPerSecond = p.Capacity, At = new FloodPointSpec { Latitude = at.Latitude, Longitude = at.Longitude } }
        : null;

    /// <summary>An entity's local id as a DNS label, the name a scenario's barriers and pumps take: <c>urn:ngsi-ld:FloodBarrier:jinan:fb1</c> → <c>fb1</c>.</summary>
    private static string Label(string id)
    {
        var local = new string([.. id[(id.LastIndexOf(':') + 1)..].ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return local.Length == 0 ? "x" : local[..Math.Min(63, local.Length)];
    }
}
