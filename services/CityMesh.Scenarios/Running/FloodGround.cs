using CityMesh.Contracts.Geo;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Flood;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// A flood scenario's ground: the terrain (north-up, as the formats store it), the engine's grid built from it (rows
/// from the south, as the engine counts them), the twin's building footprints burnt in as walls, and the georeference
/// that places the twin's WGS84 positions on the grid: a local tangent plane at the buildings' centre for a generated
/// valley, the file's UTM zone for a file (<see cref="GridGeoreference.Utm"/>). Built once for every variant; a
/// variant's barriers raise a copy of the bed.
/// </summary>
internal sealed class FloodGround
{
    private const string TerrainField = "spec.flood.terrain";

    private FloodGround(ElevationGrid terrain, FloodGrid grid, IGeoreference? plane, (int X, int Y)? riverEntry, string description, bool[] river)
    {
        River = river;
        Terrain = terrain;
        Grid = grid;
        Plane = plane;
        RiverEntry = riverEntry;
        Description = description;
    }

    public ElevationGrid Terrain { get; }
    public FloodGrid Grid { get; }
    public IGeoreference? Plane { get; }

    /// <summary>The generated river's channel in the engine's layout; empty for a file.</summary>
    public bool[] River { get; }

    /// <summary>The generated river's highest boundary cell (where it enters); null for a file.</summary>
    public (int X, int Y)? RiverEntry { get; }

    public string Description { get; }

    public static FloodGround Create(FloodSpec flood, TwinCity? city, InputFiles inputs)
    {
        var terrainSpec = flood.Terrain ?? throw new ScenarioInputException(TerrainField, "required: file or generate.");
        if (flood.Twin is not null && city is null)
            throw new ScenarioInputException(TwinCity.FloodField,
                $"the flood reads the city's twin, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).");
        if (flood.Twin is not null && city is { Buildings.Count: 0 })
            throw new ScenarioInputException(TwinCity.FloodField, $"the twin at {city.Twin} holds no building for city '{city.City}': there is no extent to draw the ground over.");
        IGeoreference? plane = terrainSpec.File is null && city is { Buildings.Count: > 0 }
            ? new LocalTangentPlane(city.Buildings.Average(b => b.Location.Latitude), city.Buildings.Average(b => b.Location.Longitude))
            : null;

        ElevationGrid terrain;
        bool[]? river = null;
        string description;
        if (terrainSpec.File is { } file)
        {
            string path = inputs.Resolve(file, $"{TerrainField}.file");
            terrain = ReadFile(path, inputs);
            description = $"terrain {Path.GetFileName(path)}";
            if (flood.Twin is not null)
            {
                plane = GridGeoreference.Utm(terrain.Crs) ?? throw new ScenarioInputException($"{TerrainField}.file",
                    $"its CRS ({terrain.Crs}) is not a UTM zone on WGS 84 (EPSG:32601–32660, 32701–32760): the twin's positions can be placed only on such a grid; reproject it (gdalwarp -t_srs EPSG:326NN) or use terrain.generate.");
                description += $" in {terrain.Crs}";
            }
        }
        else
        {
            var generate = terrainSpec.Generate ?? throw new ScenarioInputException(TerrainField, "set file or generate.");
            var options = Extent(generate, city is null || plane is null ? null : city.Buildings.Select(b => plane.ToPlane(b.Location)).ToList()) with
            {
                CellSize = generate.CellSize, Seed = (ulong)generate.Seed, RiverDepth = generate.RiverDepth, RiverWidth = generate.RiverWidth ?? Math.Max(40, 2 * generate.CellSize),
            };
            var problems = options.Problems(inputs.Limits);
            if (problems.Count > 0) throw new ScenarioInputException($"{TerrainField}.generate", string.Join("; ", problems));
            var generated = TerrainGenerator.Generate(options);
            terrain = generated.Grid;
            river = generated.River;
            description = $"a generated river valley, {terrain.Columns} × {terrain.Rows} cells of {terrain.CellSize:0.#} m (seed {options.Seed})";
        }
        if (terrain.Crs.IsGeographic)
            throw new ScenarioInputException($"{TerrainField}.file", "the grid's cells are in degrees: reproject it to a projected CRS in metres (UTM) first.");

        var footprints = flood.Twin is { BlockBuildings: true } && plane is not null
            ? city!.Buildings.Where(b => b.Footprint is { Count: >= 4 })
                .Select(b => LandCoverPolygon.Single(LandUse.Building, b.Footprint!.Select(p => { var (x, y) = plane.ToPlane(p); return new PlanePoint(x, y); }).ToArray()))
                .ToList()
            : [];
        var cover = LandCoverRasterizer.Rasterise(terrain, footprints);
        int width = terrain.Columns, height = terrain.Rows;
        var bed = new double[width * height];
        var manning = new double[bed.Length];
        var blocked = new bool[bed.Length];
        var channel = river is null ? [] : new bool[bed.Length];
        double lowest = terrain.Values.Where(v => !terrain.IsNoData(v)).DefaultIfEmpty(0).Min();
        for (int row = 0; row < height; row++)
            for (int col = 0; col < width; col++)
            {
                int from = terrain.Index(col, row), to = (height - 1 - row) * width + col;
                float z = terrain.Values[from];
                // A hole in a DEM is a wall rather than a pit the whole flood would drain into.
                bed[to] = terrain.IsNoData(z) ? lowest : z;
                blocked[to] = cover.Blocked[from] || terrain.IsNoData(z);
                // A wall's roughness is never read (its faces are mirror images), but the engine checks every cell's,
                // and the land-cover table leaves a building's unset (NaN) so that a solver reading it would show.
                manning[to] = blocked[to] ? WallManning : cover.Manning[from];
                if (river is not null) channel[to] = river[from];
            }
        (int X, int Y)? entry = null;
        if (river is not null)
        {
            var edge = Entry(terrain, river);
            entry = Wall(edge, width, height, blocked);
            description += ", the river entering through a wall and leaving through the opposite edge";
        }
        if (footprints.Count > 0) description += $", {cover.BlockedCells:N0} cells under {footprints.Count:N0} building footprints";
        return new FloodGround(terrain, new FloodGrid(width, height, terrain.CellSize, bed, manning) { Blocked = blocked }, plane, entry, description, channel);
    }

    /// <summary>The grid cell (x from the west, y from the south) holding a plane point; false outside the grid.</summary>
    public bool TryCell(double x, double y, out int cx, out int cy)
    {
        cx = cy = -1;
        if (!Terrain.TryCellAt(x, y, out int col, out int row)) return false;
        (cx, cy) = (col, Terrain.Rows - 1 - row);
        return true;
    }

    /// <summary>A twin position on the grid's plane.</summary>
    /// <summary>The roughness written into blocked cells: any finite value does, as walls are never flowed over.</summary>
    public const double WallManning = 0.015;

    public (double X, double Y) ToPlane(Position position) => Plane is null ? (double.NaN, double.NaN) : Plane.ToPlane(position);

    /// <summary>A spec point's cell; absent: the river's entry. Errors name the field.</summary>
    public (int X, int Y) Cell(FloodPointSpec? point, string field)
    {
        if (point is null || point.X is null && point.Latitude is null)
            return RiverEntry ?? throw new ScenarioInputException(field, "required: x/y or latitude/longitude (only a generated terrain has a river entry to default to).");
        var (x, y) = Place(point, field);
        return TryCell(x, y, out int cx, out int cy)
            ? (cx, cy)
            : throw new ScenarioInputException(field, $"({x:0.#}, {y:0.#}) is outside the grid, x in [{Terrain.OriginX:0.#}, {Terrain.MaxX:0.#}], y in [{Terrain.OriginY:0.#}, {Terrain.MaxY:0.#}].");
    }

    /// <summary>A spec point on the grid's plane: x/y as given, latitude/longitude through the twin's plane.</summary>
    public (double X, double Y) Place(FloodPointSpec point, string field)
    {
        if (point.Latitude is { } lat)
        {
            if (point.Longitude is not { } lon) throw new ScenarioInputException($"{field}.longitude", "required with latitude.");
            if (Plane is null) throw new ScenarioInputException(field, "latitude/longitude need spec.flood.twin (the plane is the twin's); give x/y.");
            return Plane.ToPlane(new Position(lon, lat));
        }
        if (point.X is not { } x) throw new ScenarioInputException(field, "required: x/y or latitude/longitude.");
        return (x, point.Y ?? throw new ScenarioInputException($"{field}.y", "required with x."));
    }

    /// <summary>The generated extent: fixed around (0, 0) without a twin, else the buildings' bounds plus the margin.</summary>
    private static TerrainOptions Extent(GeneratedTerrainSpec generate, IReadOnlyList<(double X, double Y)>? buildings)
    {
        if (buildings is null || buildings.Count == 0)
            return new TerrainOptions { OriginX = -generate.Width / 2, OriginY = -generate.Height / 2, Width = generate.Width, Height = generate.Height };
        double minX = buildings.Min(b => b.X) - generate.MarginMetres, maxX = buildings.Max(b => b.X) + generate.MarginMetres;
        double minY = buildings.Min(b => b.Y) - generate.MarginMetres, maxY = buildings.Max(b => b.Y) + generate.MarginMetres;
        // At least ten cells a side, so one building still gets a valley.
        double minimum = 10 * generate.CellSize;
        return new TerrainOptions { OriginX = minX, OriginY = minY, Width = Math.Max(minimum, maxX - minX), Height = Math.Max(minimum, maxY - minY) };
    }

    /// <summary>
    /// Walls every edge but the one opposite the river's entry, and returns the entry moved one cell inside. The engine's
    /// open edges copy the edge cell into its ghost, so where water flows inward from an edge the edge feeds it as much
    /// again each step: an open upstream edge would be a source as large as the river. Closed, it is a wall the inflow
    /// enters beside; the downstream edge stays open so the river leaves.
    /// </summary>
    private static (int X, int Y) Wall((int X, int Y) entry, int width, int height, bool[] blocked)
    {
        bool west = entry.X == 0, east = entry.X == width - 1, south = !west && !east && entry.Y == 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1;
                bool corner = (x == 0 || x == width - 1) && (y == 0 || y == height - 1);
                bool outlet = !corner && (west ? x == width - 1 : east ? x == 0 : south ? y == height - 1 : y == 0);
                if (edge && !outlet) blocked[y * width + x] = true;
            }
        var inside = (Math.Clamp(entry.X, 1, width - 2), Math.Clamp(entry.Y, 1, height - 2));
        blocked[inside.Item2 * width + inside.Item1] = false;
        return inside;
    }

    /// <summary>The river's highest cell on the grid's boundary: where a river flowing downhill enters.</summary>
    private static (int X, int Y) Entry(ElevationGrid terrain, bool[] river)
    {
        (int X, int Y) best = (-1, -1);
        float highest = float.NegativeInfinity;
        for (int row = 0; row < terrain.Rows; row++)
            for (int col = 0; col < terrain.Columns; col++)
            {
                bool edge = row == 0 || col == 0 || row == terrain.Rows - 1 || col == terrain.Columns - 1;
                int i = terrain.Index(col, row);
                if (!edge || !river[i] || terrain.Values[i] <= highest) continue;
                highest = terrain.Values[i];
                best = (col, terrain.Rows - 1 - row);
            }
        return best.X >= 0 ? best : throw new ScenarioInputException($"{TerrainField}.generate", "the generated river reaches no edge of the grid; try another seed.");
    }

    private static ElevationGrid ReadFile(string path, InputFiles inputs)
    {
        string field = $"{TerrainField}.file";
        try
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".asc" => EsriAsciiGridReader.Read(path, inputs.Limits),
                ".tif" or ".tiff" => GeoTiffReader.Read(path, inputs.Limits),
                _ => throw new ScenarioInputException(field, $"'{Path.GetFileName(path)}' is neither an ESRI ASCII grid (.asc) nor a GeoTIFF (.tif, .tiff)."),
            };
        }
        catch (TerrainFormatException e)
        {
            throw new ScenarioInputException(field, e.Message, e);
        }
    }
}
