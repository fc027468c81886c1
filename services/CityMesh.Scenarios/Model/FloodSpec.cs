using System.ComponentModel;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// A river or rain flood over the city's ground (services/CityMesh.Simulation/Flood/README.md): the terrain from a file
/// or generated, water entering at inflow points and falling as rain, and, with <see cref="Twin"/>, its consequences
/// for the twin's roads, buildings and critical sites. Nothing in it is random once the terrain is drawn, so every
/// ensemble member would give the same run: each variant is run once.
/// </summary>
[AtLeastOneOf("inflows", "rain")]
public sealed record FloodSpec
{
    [Required, Description("The ground: a DEM file or a generated river valley.")]
    public FloodTerrainSpec? Terrain { get; init; }

    [Minimum(0.05), Maximum(168), Description("Hours simulated; within [0.05, 168]. Default 6.")]
    public double Hours { get; init; } = 6;

    [ListMapKey("name"), MaxItems(32), Description("Water entering at points (a river's upstream end, a culvert), at most 32; inflows or rain, or both, must be given.")]
    public IReadOnlyList<FloodInflowSpec> Inflows { get; init; } = [];

    [MaxItems(200), Description("Rain over the whole grid (not on buildings) as [hour, mm/h] points, linear between them and held beyond them; at most 200.")]
    public IReadOnlyList<RainPointSpec> Rain { get; init; } = [];

    [Minimum(0.01), Maximum(5), Description("A road is cut where water on it first passes this depth, m; the arrival raster is the time each cell passes it; within [0.01, 5]. Default 0.3.")]
    public double RoadClosureDepthMetres { get; init; } = 0.3;

    [Minimum(0.01), Maximum(5), Description("A cell, a building or a site counts as flooded where its maximum depth passes this, m; within [0.01, 5]. Default 0.1.")]
    public double FloodedDepthMetres { get; init; } = 0.1;

    [ListMapKey("name"), MaxItems(32), Description("The city's defences in place (deployed barriers): in every run, the baseline's and each variant's, under the variant's own barriers; a height added to every cell a polyline crosses; at most 32.")]
    public IReadOnlyList<BarrierSpec> Barriers { get; init; } = [];

    [ListMapKey("name"), MaxItems(32), Description("Pumps running in every run, the baseline's and each variant's, beside the variant's own (never more than the cell holds); at most 32.")]
    public IReadOnlyList<PumpSpec> Pumps { get; init; } = [];

    [Description("Read the city's twin: building footprints become walls the water flows around, and roads, buildings, hospitals, shelters and substations are checked against the flood. With terrain.file, the file must be in a UTM zone on WGS 84 (EPSG:326NN or 327NN), where the twin's positions can be placed.")]
    public FloodTwinSpec? Twin { get; init; }
}

/// <summary>Where the ground comes from: exactly one of a file and a generated valley.</summary>
[ExactlyOneOf("file", "generate")]
public sealed record FloodTerrainSpec
{
    [Description("An ESRI ASCII grid (.asc) or a GeoTIFF (.tif, .tiff) in a projected CRS in metres: exactly one of path or configMap. Positions are x/y in its CRS.")]
    public FileSource? File { get; init; }

    [Description("A seeded river valley: over the twin's buildings (with a margin) when twin is set, else a fixed extent around x = y = 0.")]
    public GeneratedTerrainSpec? Generate { get; init; }
}

public sealed record GeneratedTerrainSpec
{
    [Minimum(2), Maximum(500), Description("Cell size, m; within [2, 500]. Default 20.")]
    public double CellSize { get; init; } = 20;

    [Minimum(0), Description("Seed of the valley's meanders, hills and noise; at least 0. Default 42.")]
    public long Seed { get; init; } = 42;

    [Minimum(100), Maximum(200000), Description("Width (east-west) without a twin, m, centred on x = 0; within [100, 200000]. Default 4000.")]
    public double Width { get; init; } = 4000;

    [Minimum(100), Maximum(200000), Description("Height (north-south) without a twin, m, centred on y = 0; within [100, 200000]. Default 3000.")]
    public double Height { get; init; } = 3000;

    [Minimum(0), Maximum(20000), Description("With a twin: ground added on every side of the buildings' extent, m; within [0, 20000]. Default 500.")]
    public double MarginMetres { get; init; } = 500;

    [Minimum(0.5), Maximum(30), Description("Depth of the river's channel below its banks, m; within [0.5, 30]. Default 3.")]
    public double RiverDepth { get; init; } = 3;

    [Minimum(4), Maximum(1000), Description("Width of the river's channel, m, at least two cells; within [4, 1000]. Default: the larger of 40 and two cells.")]
    public double? RiverWidth { get; init; }
}

/// <summary>
/// A place on the grid: x/y on the grid's plane (metres east and north of the twin's centre with a generated terrain,
/// the file's CRS with a file), or latitude/longitude with a twin. Neither: where the generated river enters.
/// </summary>
[AtMostOneOf("x", "latitude")]
[SetTogether("x", "y")]
public sealed record FloodPointSpec
{
    [Description("Metres east on the grid's plane; with y.")]
    public double? X { get; init; }
    [Description("Metres north on the grid's plane; with x.")]
    public double? Y { get; init; }
    [Minimum(-90), Maximum(90), Description("WGS84 latitude, with longitude; only with twin.")]
    public double? Latitude { get; init; }
    [Minimum(-180), Maximum(180), Description("WGS84 longitude, with latitude; only with twin.")]
    public double? Longitude { get; init; }
}

public sealed record FloodInflowSpec
{
    [Required, DnsLabel, Description("Unique among the inflows: names its gauge.")]
    public string Name { get; init; } = "";

    [Description("Where the water enters; absent: where the generated river enters the grid (upstream).")]
    public FloodPointSpec? At { get; init; }

    [Required, MaxItems(200), Description("The hydrograph as [hour, m³/s] points, linear between them and held beyond them; at least one, at most 200, hours increasing.")]
    public IReadOnlyList<HydrographPointSpec> Hydrograph { get; init; } = [];
}

public sealed record HydrographPointSpec
{
    [Required, Minimum(0), Maximum(168), Description("Hours from the start; within [0, 168].")]
    public double? Hour { get; init; }
    [Required, Minimum(0), Maximum(100000), Description("Discharge, m³/s; within [0, 100000].")]
    public double? CubicMetresPerSecond { get; init; }
}

public sealed record RainPointSpec
{
    [Required, Minimum(0), Maximum(168), Description("Hours from the start; within [0, 168].")]
    public double? Hour { get; init; }
    [Required, Minimum(0), Maximum(500), Description("Rain intensity, mm/h; within [0, 500].")]
    public double? MillimetresPerHour { get; init; }
}

/// <summary>What is read from the twin for a flood, and how its buildings are counted.</summary>
public sealed record FloodTwinSpec
{
    [Minimum(5), Maximum(500), Description("Residential floor area per resident, m², for the people affected in flooded residential buildings; within [5, 500]. Default 35.")]
    public double FloorAreaPerResident { get; init; } = 35;

    [Description("Building footprints (polygons) are walls the water flows around; false: only their locations are checked. Default true.")]
    public bool BlockBuildings { get; init; } = true;
}

/// <summary>What a variant changes in a flood: barriers, pumps and/or the rain; one change at least.</summary>
[AtLeastOneOf("barriers", "pumps", "rainScale")]
public sealed record FloodInterventionSpec
{
    [ListMapKey("name"), MaxItems(32), Description("Walls or embankments: a height added to every cell a polyline crosses; at most 32.")]
    public IReadOnlyList<BarrierSpec> Barriers { get; init; } = [];

    [ListMapKey("name"), MaxItems(32), Description("Pumps taking water out at a point (never more than the cell holds); at most 32.")]
    public IReadOnlyList<PumpSpec> Pumps { get; init; } = [];

    [Minimum(0), Maximum(10), Description("Multiplies the rain (0: none, as with drainage that takes it all); within [0, 10].")]
    public double? RainScale { get; init; }
}

public sealed record BarrierSpec
{
    [Required, DnsLabel, Description("Unique among the barriers.")]
    public string Name { get; init; } = "";
    [Required, MaxItems(500), Description("The barrier's line: at least two points, at most 500.")]
    public IReadOnlyList<FloodPointSpec> Line { get; init; } = [];
    [Required, Minimum(0.1), Maximum(20), Description("Height added to the ground under the line, m; within [0.1, 20].")]
    public double? HeightMetres { get; init; }
}

public sealed record PumpSpec
{
    [Required, DnsLabel, Description("Unique among the pumps.")]
    public string Name { get; init; } = "";
    [Required, Description("Where it pumps from.")]
    public FloodPointSpec? At { get; init; }
    [Required, Minimum(0.01), Maximum(1000), Description("Capacity, m³/s; within [0.01, 1000].")]
    public double? CubicMetresPerSecond { get; init; }
}
