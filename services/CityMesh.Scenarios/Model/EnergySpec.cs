using System.ComponentModel;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// A day or a season of an electricity grid under changes (issue 26): its base load by kind of customer and by hour,
/// the weather, and on top of them a heat wave, EV chargers, added rooftop PV and a branch or transformer out of
/// service. Every interval is an AC power flow of the grid (services/CityMesh.Simulation/Energy/README.md). Nothing
/// in it is random, so every ensemble member would repeat the same run: each variant is run once.
/// </summary>
[CelRule("!has(self.intervalMinutes) || self.intervalMinutes in [15, 30, 60]", "intervalMinutes must be 15, 30 or 60")]
[CelRule("!has(self.outage) || !has(self.outage.endHour) || self.outage.endHour <= double(has(self.hours) ? self.hours : 24)", "outage.endHour must be within hours")]
public sealed record EnergySpec
{
    /// <summary>The intervals a run may hold at most: a season (92 days) of quarter hours.</summary>
    public const int MaxHours = 2208;

    [Required, Description("The grid: a MATPOWER case file or the city's twin, and what its branches and buses are (feeders, transformers, critical loads).")]
    public EnergyGridSpec? Grid { get; init; }

    [Required, Description("Where the grid is: latitude and longitude for the sun over the added PV, and the local time zone the load shapes follow.")]
    public EnergySiteSpec? Site { get; init; }

    [Minimum(1), Maximum(MaxHours), Description("Hours simulated from startDate's midnight (local time); within [1, 2208] (a season of 92 days). Default 24.")]
    public int Hours { get; init; } = 24;

    [Minimum(15), Maximum(60), Description("Minutes per power flow: 15, 30 or 60. Default 60.")]
    public int IntervalMinutes { get; init; } = 60;

    [Pattern(DatePattern, "a date such as \"2026-07-15\""), Description("The first day, local time, as yyyy-mm-dd: it sets the sun's path and which days are weekends. Default \"2026-07-15\" (a Wednesday in summer).")]
    public string StartDate { get; init; } = "2026-07-15";

    [Description("The base load: each bus's load in the case is its peak, shaped over the day by its kind of customer.")]
    public EnergyLoadsSpec Loads { get; init; } = new();

    [Description("The ordinary day's air temperature, a cosine over the day: what the heat wave adds to and what the PV modules' cell temperature starts from.")]
    public WeatherSpec Weather { get; init; } = new();

    [Description("A heat wave: the temperature rises, and the load with it above a comfort threshold (cooling).")]
    public HeatWaveSpec? HeatWave { get; init; }

    [Description("Electric-vehicle chargers added at buses, with their charging profile.")]
    public EvAdoptionSpec? EvAdoption { get; init; }

    [Description("Rooftop PV added at buses; its output is the clear-sky sun model's at the site.")]
    public PvGrowthSpec? PvGrowth { get; init; }

    [Description("A branch or transformer out of service for some hours; its load is transferred through a normally-open point where one can close, else not served.")]
    public OutageSpec? Outage { get; init; }

    [Description("Branch ratings where the case gives none (rateA 0), and per-branch overrides.")]
    public RatingsSpec Ratings { get; init; } = new();

    [Description("The voltage band buses must stay in: ANSI C84.1 Range A's ±5 % by default (EN 50160 allows ±10 % of 10-minute means; set 0.9 and 1.1 for it).")]
    public VoltageLimitsSpec VoltageLimits { get; init; } = new();

    public const string DatePattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
}

/// <summary>Where the grid comes from: exactly one of a MATPOWER case file and the city's twin.</summary>
[ExactlyOneOf("file", "twin")]
public sealed record EnergyGridSpec
{
    [Description("A MATPOWER case file (.m, format version 2): exactly one of path or configMap. Its open branches (status 0) are the normally-open points an outage may close. Exactly one of file and twin.")]
    public FileSource? File { get; init; }

    [Description("Read the grid from the city's twin (its substations, busbars, lines, transformers, switches and feeders) with what hangs on each bus: the buildings that set its kind of load, hospitals and shelters that make it critical, its PV and EV chargers, and its meter's history that shapes its day. Buses are numbered in the natural order of their twin ids (grid.json lists them). Exactly one of file and twin.")]
    public EnergyTwinGridSpec? Twin { get; init; }

    [ListMapKey("name"), MaxItems(64), Description("Named feeders, each by its head branch; absent: the twin's feeders (with twin), else every branch out of the slack bus is a feeder, named feeder-<to bus>. At most 64.")]
    public IReadOnlyList<FeederSpec> Feeders { get; init; } = [];

    [MaxItems(256), Description("Branches that are transformers besides those with a tap ratio other than 1 or a phase shift in the case; at most 256.")]
    public IReadOnlyList<BranchRefSpec> Transformers { get; init; } = [];

    [ListSet, MaxItems(1000), Minimum(1), Description("Buses serving a hospital, a shelter or other critical load, by bus number: their energy not served is reported apart. At most 1000.")]
    public IReadOnlyList<int> CriticalBuses { get; init; } = [];
}

/// <summary>
/// What is read from the twin for an energy grid beside its elements (Running/Energy/TwinGridSource.cs): meter
/// history and the weather.
/// </summary>
public sealed record EnergyTwinGridSpec
{
    [Minimum(1), Maximum(28), Description("Days of the buses' meter history (their load) whose mean per hour of the day shapes each metered bus's day, counted back from the newest reading; within [1, 28]. Default 7.")]
    public int HistoryDays { get; init; } = 7;

    [Description("Take the ordinary day's mean temperature (weather.baseCelsius) from the twin's WeatherObserved temperatures over the same days, where it has any. Default true.")]
    public bool Weather { get; init; } = true;
}

public sealed record FeederSpec
{
    [Required, DnsLabel, Description("Unique among the feeders: names its loading curve.")]
    public string Name { get; init; } = "";
    [Required, Minimum(1), Description("The head branch's from bus.")]
    public int? FromBus { get; init; }
    [Required, Minimum(1), Description("The head branch's to bus.")]
    public int? ToBus { get; init; }
}

public sealed record BranchRefSpec
{
    [Required, Minimum(1), Description("The branch's from bus.")]
    public int? FromBus { get; init; }
    [Required, Minimum(1), Description("The branch's to bus.")]
    public int? ToBus { get; init; }
}

public sealed record EnergySiteSpec
{
    [Required, Minimum(-90), Maximum(90), Description("WGS84 latitude, degrees; within [-90, 90].")]
    public double? Latitude { get; init; }
    [Required, Minimum(-180), Maximum(180), Description("WGS84 longitude, degrees; within [-180, 180].")]
    public double? Longitude { get; init; }
    [Minimum(-12), Maximum(14), Description("Local time's offset from UTC, hours; within [-12, 14]. Default 0.")]
    public double UtcOffsetHours { get; init; }
}

/// <summary>The base load's daily shapes (built in, by kind of customer; LoadShapes.cs gives their values and source).</summary>
public sealed record EnergyLoadsSpec
{
    public static readonly IReadOnlyList<string> Kinds = ["residential", "commercial", "industrial"];

    [OneOf(typeof(EnergyLoadsSpec), nameof(Kinds)), Description("The kind of every bus not listed in buses: \"residential\" (evening peak), \"commercial\" (office hours) or \"industrial\" (flat over the working day). Default \"residential\".")]
    public string DefaultKind { get; init; } = "residential";

    [ListMapKey("bus"), MaxItems(10000), Description("Buses of another kind than defaultKind; at most 10,000.")]
    public IReadOnlyList<BusLoadKindSpec> Buses { get; init; } = [];

    [Minimum(0), Maximum(10), Description("Multiplies every bus's load (the case's loads are each bus's peak); within [0, 10]. Default 1.")]
    public double Scale { get; init; } = 1;
}

public sealed record BusLoadKindSpec
{
    [Required, Minimum(1), Description("The bus number.")]
    public int? Bus { get; init; }
    [Required, OneOf(typeof(EnergyLoadsSpec), nameof(EnergyLoadsSpec.Kinds)), Description("\"residential\", \"commercial\" or \"industrial\".")]
    public string Kind { get; init; } = "";
}

/// <summary>An ordinary day's temperature: base + amplitude · cos(2π (hour − peakHour) / 24).</summary>
public sealed record WeatherSpec
{
    [Minimum(-40), Maximum(50), Description("The day's mean temperature, °C; within [-40, 50]. Default 24.")]
    public double BaseCelsius { get; init; } = 24;
    [Minimum(0), Maximum(20), Description("Half the day's swing, °C; within [0, 20]. Default 5.")]
    public double AmplitudeCelsius { get; init; } = 5;
    [Minimum(0), Maximum(23), Description("Local hour of the warmest moment; within [0, 23]. Default 15.")]
    public double PeakHour { get; init; } = 15;
}

/// <summary>
/// A heat wave: the temperature rises by <see cref="RiseCelsius"/>, reached over <see cref="RampDays"/> from
/// <see cref="StartDay"/>; each degree above <see cref="ComfortCelsius"/> that the ordinary day did not have adds
/// <see cref="SensitivityPercentPerCelsius"/> % to every bus's base load (cooling). A rise of 0 changes nothing.
/// </summary>
public sealed record HeatWaveSpec
{
    [Required, Minimum(0), Maximum(20), Description("Temperature rise at full strength, °C; within [0, 20].")]
    public double? RiseCelsius { get; init; }
    [Minimum(0), Maximum(91), Description("Day (0 = startDate) the heat wave begins; within [0, 91]. Default 0.")]
    public int StartDay { get; init; }
    [Minimum(0), Maximum(30), Description("Days over which the rise builds up linearly; 0: at once. Within [0, 30]. Default 0.")]
    public double RampDays { get; init; }
    [Minimum(10), Maximum(35), Description("Temperature above which load grows with heat (cooling), °C; within [10, 35]. Default 22.")]
    public double ComfortCelsius { get; init; } = 22;
    [Minimum(0), Maximum(20), Description("Load added per °C above comfort, percent of the base load; within [0, 20]. Default 3.")]
    public double SensitivityPercentPerCelsius { get; init; } = 3;
}

/// <summary>EV chargers: a count at every load bus and/or per bus, each drawing its rating for chargingHours a day.</summary>
[AtLeastOneOf("chargersPerLoadBus", "buses")]
public sealed record EvAdoptionSpec
{
    public static readonly IReadOnlyList<string> Profiles = ["evening", "workplace"];

    [Minimum(0), Maximum(1000), Description("Chargers at every bus with a load; within [0, 1000]. Chargers or buses, or both.")]
    public int? ChargersPerLoadBus { get; init; }
    [ListMapKey("bus"), MaxItems(10000), Description("Chargers at named buses, added to chargersPerLoadBus; at most 10,000.")]
    public IReadOnlyList<BusChargersSpec> Buses { get; init; } = [];
    [Minimum(1), Maximum(350), Description("Each charger's power, kW (7.4: a 32 A single-phase wallbox); within [1, 350]. Default 7.4.")]
    public double Kilowatts { get; init; } = 7.4;
    [Minimum(0.25), Maximum(12), Description("Hours each charger charges a day at full power; within [0.25, 12]. Default 3.")]
    public double ChargingHours { get; init; } = 3;
    [OneOf(typeof(EvAdoptionSpec), nameof(Profiles)), Description("When sessions start: \"evening\" (arriving home, 17:00–20:00) or \"workplace\" (08:00–10:00). Default \"evening\".")]
    public string Profile { get; init; } = "evening";
    [Description("Managed charging: the same sessions start from managedStartHour, spread over four hours, instead of on arrival. Default false.")]
    public bool Managed { get; init; }
    [Minimum(0), Maximum(23), Description("With managed: local hour the first sessions start; within [0, 23]. Default 23.")]
    public int ManagedStartHour { get; init; } = 23;
}

public sealed record BusChargersSpec
{
    [Required, Minimum(1), Description("The bus number.")]
    public int? Bus { get; init; }
    [Required, Minimum(1), Maximum(10000), Description("Chargers at it; within [1, 10000].")]
    public int? Chargers { get; init; }
}

/// <summary>Rooftop PV added at load buses, its output from the clear-sky sun model at the site (a clear day is the case that stresses a grid).</summary>
[AtLeastOneOf("kwpPerLoadBus", "buses")]
public sealed record PvGrowthSpec
{
    [Minimum(0), Maximum(100000), Description("kWp added at every bus with a load; within [0, 100000]. kwpPerLoadBus or buses, or both.")]
    public double? KwpPerLoadBus { get; init; }
    [ListMapKey("bus"), MaxItems(10000), Description("kWp added at named buses, on top of kwpPerLoadBus; at most 10,000.")]
    public IReadOnlyList<BusPvSpec> Buses { get; init; } = [];
    [Minimum(0), Maximum(90), Description("Module tilt from horizontal, degrees; within [0, 90]. Default 30.")]
    public double TiltDegrees { get; init; } = 30;
    [Minimum(0), Maximum(360), Description("Direction the modules face, degrees east of north (180: south); within [0, 360]. Default 180.")]
    public double AzimuthDegrees { get; init; } = 180;
    [Minimum(1), Maximum(10), Description("Linke turbidity of the clear sky (3: a typical clear mid-latitude sky, 4–6 hazy); within [1, 10]. Default 3.")]
    public double LinkeTurbidity { get; init; } = 3;
}

public sealed record BusPvSpec
{
    [Required, Minimum(1), Description("The bus number.")]
    public int? Bus { get; init; }
    [Required, Minimum(0.1), Maximum(100000), Description("kWp added; within [0.1, 100000].")]
    public double? Kwp { get; init; }
}

/// <summary>A branch (line or transformer, by its two buses) out of service from startHour to endHour.</summary>
public sealed record OutageSpec
{
    [Required, Minimum(1), Description("The branch's from bus.")]
    public int? FromBus { get; init; }
    [Required, Minimum(1), Description("The branch's to bus.")]
    public int? ToBus { get; init; }
    [Required, Minimum(0), Maximum(EnergySpec.MaxHours), Description("Hours from the start it goes out; within [0, 2208].")]
    public double? StartHour { get; init; }
    [Required, Minimum(0), Maximum(EnergySpec.MaxHours), After("startHour"), Description("Hours from the start it is back; after startHour and within hours (so at most 2208).")]
    public double? EndHour { get; init; }
    [Description("Close a normally-open point (an open branch of the case) that reconnects the cut-off buses, where there is one. Default true.")]
    public bool Transfer { get; init; } = true;
}

public sealed record RatingsSpec
{
    [Minimum(0.01), Maximum(10000), Description("Rating of every branch whose rateA is 0 in the case, MVA; within [0.01, 10000]. Default 6 (about 275 A at 12.66 kV).")]
    public double DefaultMva { get; init; } = 6;
    [MaxItems(10000), Description("Ratings of named branches, over the case's and the default; at most 10,000.")]
    public IReadOnlyList<BranchRatingSpec> Branches { get; init; } = [];
}

public sealed record BranchRatingSpec
{
    [Required, Minimum(1), Description("The branch's from bus.")]
    public int? FromBus { get; init; }
    [Required, Minimum(1), Description("The branch's to bus.")]
    public int? ToBus { get; init; }
    [Required, Minimum(0.01), Maximum(10000), Description("Its rating, MVA; within [0.01, 10000].")]
    public double? Mva { get; init; }
}

public sealed record VoltageLimitsSpec
{
    [Minimum(0.8), Maximum(1), Description("Lowest voltage, pu; within [0.8, 1]. Default 0.95.")]
    public double MinPu { get; init; } = 0.95;
    [Minimum(1), Maximum(1.2), After("minPu"), Description("Highest voltage, pu, above which PV is curtailed; within [1, 1.2]. Default 1.05.")]
    public double MaxPu { get; init; } = 1.05;
}

/// <summary>What a variant changes in an energy scenario: each section given replaces the baseline's; one change at least.</summary>
[AtLeastOneOf("heatWave", "evAdoption", "pvGrowth", "outage", "loadScale")]
public sealed record EnergyInterventionSpec
{
    [Description("Replaces the baseline's heat wave (riseCelsius 0: none).")]
    public HeatWaveSpec? HeatWave { get; init; }
    [Description("Replaces the baseline's EV chargers.")]
    public EvAdoptionSpec? EvAdoption { get; init; }
    [Description("Replaces the baseline's added PV.")]
    public PvGrowthSpec? PvGrowth { get; init; }
    [Description("Replaces the baseline's outage.")]
    public OutageSpec? Outage { get; init; }
    [Minimum(0), Maximum(10), Description("Multiplies the base load on top of loads.scale (load growth); within [0, 10].")]
    public double? LoadScale { get; init; }
}
