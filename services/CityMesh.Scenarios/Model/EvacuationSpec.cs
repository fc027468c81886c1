using System.ComponentModel;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// People leaving the buildings of a zone for shelters (services/CityMesh.Simulation/Evacuation/README.md): on foot
/// over walkways built from the city's roads, and a share by car through the traffic simulator, with a flood's road
/// closures at their times when a flood is given. The city is the twin's (buildings, roads, shelters) or a synthetic
/// town. Departures are random (a response curve), so ensemble members differ.
/// </summary>
[AtMostOneOf("twin", "town")]
[CelRule("!has(self.zone) || !has(self.zone.flood) || has(self.flood)", "zone.flood needs flood: the buildings the flood reaches are the zone")]
public sealed record EvacuationSpec
{
    [Required, Description("Who leaves: the residents of the buildings in a polygon, in a circle round a point, or reached by the flood.")]
    public EvacuationZoneSpec? Zone { get; init; }

    [Description("A flood run first over this evacuation's city (the flood kind's fields; its twin options apply, the city is the evacuation's): the roads it cuts close to walkers and cars at their times, its flooded shelters are not used, and with zone.flood the buildings it reaches leave.")]
    public FloodSpec? Flood { get; init; }

    [Minimum(0), Maximum(1440), Description("The warning comes this many minutes before the flood starts, so each road closes this much later in the evacuation's time; within [0, 1440]. Default 0.")]
    public double FloodLeadMinutes { get; init; }

    [Minimum(0.1), Maximum(72), Description("Hours simulated at most (a run ends sooner once everyone has arrived or is stuck); within [0.1, 72]. Default 3.")]
    public double Hours { get; init; } = 3;

    [Minimum(0.05), Maximum(5), Description("The walkers' time step, s; within [0.05, 5]. Default 0.5.")]
    public double StepSeconds { get; init; } = 0.5;

    [Description("When people leave after the warning: a response curve.")]
    public ResponseSpec Response { get; init; } = new();

    [OneOf(ShelterAssignments.Nearest, ShelterAssignments.NearestWithRoom), Description("How people are sent to shelters: \"nearest\" by walking distance (those a full shelter turns away walk on to the nearest with room) or \"nearest-with-room\" (the nearest not yet promised to as many as it holds, in order of departure); a variant may choose \"by-zone\". Default \"nearest\".")]
    public string Assignment { get; init; } = ShelterAssignments.Nearest;

    [Description("The walking model: Weidmann's diagram, the maximum specific flow, sidewalk and door widths.")]
    public WalkingSpec Walking { get; init; } = new();

    [Description("Who drives: a share of each building's people leave by car through the traffic simulator.")]
    public CarsSpec Cars { get; init; } = new();

    [Description("Read the city from its twin: buildings (residents by floor area), roads (walkways, and the road network for cars) and shelters with their capacity. Not with town.")]
    public EvacuationTwinSpec? Twin { get; init; }

    [Description("Without twin: a synthetic town, a grid of streets with homes along them and shelters spread over it (the default town when neither is given). Not with twin.")]
    public SyntheticTownSpec? Town { get; init; }

    [ListMapKey("name"), MaxItems(64), Description("Shelters besides the city's, at most 64.")]
    public IReadOnlyList<ExtraShelterSpec> ExtraShelters { get; init; } = [];
}

public static class ShelterAssignments
{
    public const string Nearest = "nearest", NearestWithRoom = "nearest-with-room", ByZone = "by-zone";
}

/// <summary>The zone whose buildings are evacuated: exactly one of a polygon, a circle and the flood's reach.</summary>
[ExactlyOneOf("polygon", "circle", "flood")]
[CelRule(PolygonRule, PolygonMessage)]
public sealed record EvacuationZoneSpec
{
    public const string PolygonRule = "!has(self.polygon) || size(self.polygon) == 0 || size(self.polygon) >= 3", PolygonMessage = "a polygon needs at least three points";

    [MaxItems(500), Description("The zone's outline: at least three points, at most 500 (closed for you).")]
    public IReadOnlyList<EvacuationPointSpec> Polygon { get; init; } = [];

    [Description("A radius round a point (a hazard).")]
    public CircleSpec? Circle { get; init; }

    [Description("The buildings the flood (spec.evacuation.flood, required) reaches.")]
    public FloodZoneSpec? Flood { get; init; }
}

/// <summary>An area of a stage: exactly one of a polygon and a circle.</summary>
[ExactlyOneOf("polygon", "circle")]
[CelRule(EvacuationZoneSpec.PolygonRule, EvacuationZoneSpec.PolygonMessage)]
public sealed record AreaSpec
{
    [MaxItems(500), Description("The area's outline: at least three points, at most 500 (closed for you).")]
    public IReadOnlyList<EvacuationPointSpec> Polygon { get; init; } = [];

    [Description("A radius round a point.")]
    public CircleSpec? Circle { get; init; }
}

public sealed record CircleSpec
{
    [Required, Description("The centre.")]
    public EvacuationPointSpec? At { get; init; }

    [Required, Minimum(10), Maximum(50000), Description("Radius, m; within [10, 50000].")]
    public double? RadiusMetres { get; init; }
}

public sealed record FloodZoneSpec
{
    [Minimum(0.01), Maximum(5), Description("A building is in the zone where the deepest water around it passes this, m; within [0.01, 5]. Default: the flood's floodedDepthMetres.")]
    public double? DepthMetres { get; init; }
}

/// <summary>
/// A place: x/y metres east and north of the centre of the city's buildings (the plane the flood's generated terrain
/// uses), or WGS84 latitude/longitude.
/// </summary>
[ExactlyOneOf("x", "latitude")]
[SetTogether("x", "y")]
[SetTogether("latitude", "longitude")]
public sealed record EvacuationPointSpec
{
    [Description("Metres east of the buildings' centre; with y.")]
    public double? X { get; init; }
    [Description("Metres north of the buildings' centre; with x.")]
    public double? Y { get; init; }
    [Minimum(-90), Maximum(90), Description("WGS84 latitude, with longitude.")]
    public double? Latitude { get; init; }
    [Minimum(-180), Maximum(180), Description("WGS84 longitude, with latitude.")]
    public double? Longitude { get; init; }
}

/// <summary>The delay between the warning and a person's departure.</summary>
public sealed record ResponseSpec
{
    [OneOf("rayleigh", "logistic"), Description("\"rayleigh\" (few leave at once, most within twice the mean) or \"logistic\" (an S-curve round the mean). Default \"rayleigh\".")]
    public string Shape { get; init; } = "rayleigh";

    [Minimum(0), Maximum(1440), Description("Mean delay, minutes; within [0, 1440]. Default 10.")]
    public double MeanMinutes { get; init; } = 10;

    [Minimum(0.1), Maximum(1440), Description("logistic: the spread (scale; 90 % leave within mean ± 2.94 × spread), minutes; within [0.1, 1440]. Default 3.")]
    public double SpreadMinutes { get; init; } = 3;
}

/// <summary>The walking model's settings (services/CityMesh.Simulation/Evacuation/README.md gives their sources).</summary>
public sealed record WalkingSpec
{
    [Minimum(0.1), Maximum(3), Description("Weidmann's free walking speed v0, m/s; within [0.1, 3]. Default 1.34.")]
    public double FreeSpeed { get; init; } = 1.34;

    [Minimum(0.1), Maximum(10), Description("Weidmann's γ, how fast the speed falls with density, m⁻²; within [0.1, 10]. Default 1.913.")]
    public double Gamma { get; init; } = 1.913;

    [Minimum(1), Maximum(10), Description("Weidmann's ρmax, where people stand and a walkway is full, persons/m²; within [1, 10]. Default 5.4.")]
    public double MaxDensity { get; init; } = 5.4;

    [Minimum(0.1), Maximum(5), Description("The most people through a metre of door, link end or shelter entrance a second, persons/(m·s) (SFPE's maximum specific flow); within [0.1, 5]. Default 1.3.")]
    public double MaxSpecificFlow { get; init; } = 1.3;

    [Minimum(0.5), Maximum(20), Description("Width of one sidewalk, m (a street has two); within [0.5, 20]. Default 3.")]
    public double SidewalkWidth { get; init; } = 3;

    [Minimum(0.5), Maximum(20), Description("Width of a building's way out, m; within [0.5, 20]. Default 1.5.")]
    public double DoorWidth { get; init; } = 1.5;

    [Minimum(0.5), Maximum(100), Description("Width of a shelter's entrance, m; within [0.5, 100]. Default 4.")]
    public double ShelterDoorWidth { get; init; } = 4;

    [Minimum(0.5), Maximum(10), Description("A walkway is crowded (a bottleneck) at or above this density, persons/m² (Fruin's level of service F); within [0.5, 10]. Default 2.17.")]
    public double CrowdedDensity { get; init; } = 2.17;
}

public sealed record CarsSpec
{
    [Minimum(0), Maximum(1), Description("Share of each building's people who leave by car (0: all walk); within [0, 1]. Default 0.")]
    public double Share { get; init; }

    [Minimum(1), Maximum(9), Description("People in a car; within [1, 9]. Default 2.")]
    public double PeoplePerCar { get; init; } = 2;
}

/// <summary>What is read from the twin for an evacuation.</summary>
public sealed record EvacuationTwinSpec
{
    [Minimum(5), Maximum(500), Description("Residential floor area per resident, m²; within [5, 500]. Default 35.")]
    public double FloorAreaPerResident { get; init; } = 35;

    [Minimum(0), Maximum(1000000), Description("Places in a twin shelter that gives no capacity; within [0, 1000000]. Default 500.")]
    public int ShelterCapacity { get; init; } = 500;
}

/// <summary>A grid town for runs without a twin: homes along every street, shelters spread over it.</summary>
public sealed record SyntheticTownSpec
{
    [Minimum(2), Maximum(30), Description("Blocks a side (junctions a side: one more); within [2, 30]. Default 6.")]
    public int Blocks { get; init; } = 6;

    [Minimum(60), Maximum(1000), Description("Length of a block, m; within [60, 1000]. Default 200.")]
    public double BlockMetres { get; init; } = 200;

    [Minimum(1), Maximum(100), Description("Shelters, spread over the town; within [1, 100]. Default 4.")]
    public int Shelters { get; init; } = 4;

    [Minimum(0), Maximum(1000000), Description("Places in each shelter; within [0, 1000000]. Default 3000.")]
    public int ShelterCapacity { get; init; } = 3000;

    [Minimum(0), Description("Seed of the homes' sizes; at least 0. Default 42.")]
    public long Seed { get; init; } = 42;
}

public sealed record ExtraShelterSpec
{
    [Required, DnsLabel, Description("Unique among the extra shelters.")]
    public string Name { get; init; } = "";

    [Required, Description("Where it is.")]
    public EvacuationPointSpec? At { get; init; }

    [Required, Minimum(1), Maximum(1000000), Description("Places; within [1, 1000000].")]
    public int? Capacity { get; init; }

    [Minimum(0.5), Maximum(100), Description("Its entrance's width, m; within [0.5, 100]; absent: walking.shelterDoorWidth.")]
    public double? DoorWidth { get; init; }
}

/// <summary>What a variant changes in an evacuation; one change at least.</summary>
[AtLeastOneOf("assignment", "stages", "contraflow", "extraShelters")]
[CelRule("!has(self.assignment) || self.assignment != 'by-zone' || (has(self.stages) && size(self.stages) > 0 && self.stages.all(s, has(s.shelters) && size(s.shelters) > 0))",
    "by-zone needs stages, each naming its shelters")]
[CelRule("!has(self.stages) || (has(self.assignment) && self.assignment == 'by-zone') || self.stages.all(s, !has(s.shelters) || size(s.shelters) == 0)",
    "a stage names shelters only with assignment by-zone")]
public sealed record EvacuationInterventionSpec
{
    [OneOf(ShelterAssignments.Nearest, ShelterAssignments.NearestWithRoom, ShelterAssignments.ByZone), Description("Another assignment rule (\"by-zone\" needs stages that name their shelters).")]
    public string? Assignment { get; init; }

    [ListMapKey("name"), MaxItems(32), Description("Staged evacuation: the buildings in each stage's area (the first stage that holds them) leave from its start; the rest at once. At most 32.")]
    public IReadOnlyList<EvacuationStageSpec> Stages { get; init; } = [];

    [ListSet, MaxItems(64), Description("Roads run one way out: named by the twin's RoadSegment id (or its local id), their walkways are twice as wide (the carriageway opened to walkers) and, for cars, the opposite road's lanes are added to them and it is closed. At most 64.")]
    public IReadOnlyList<string> Contraflow { get; init; } = [];

    [ListMapKey("name"), MaxItems(64), Description("Shelters opened besides the city's and the spec's, at most 64.")]
    public IReadOnlyList<ExtraShelterSpec> ExtraShelters { get; init; } = [];
}

public sealed record EvacuationStageSpec
{
    [Required, DnsLabel, Description("Unique among the stages.")]
    public string Name { get; init; } = "";

    [Required, Description("The stage's area.")]
    public AreaSpec? Area { get; init; }

    [Minimum(0), Maximum(4320), Description("Minutes after the warning the stage is told to leave; within [0, 4320]. Default 0.")]
    public double StartMinutes { get; init; }

    [ListSet, MaxItems(64), Description("by-zone: the shelters (the twin's shelter names or ids, or extra shelters' names) its people are sent to.")]
    public IReadOnlyList<string> Shelters { get; init; } = [];
}
