namespace CityMesh.Simulation.Terrain;

/// <summary>
/// What <see cref="TerrainGenerator"/> drew: the grid, which of its cells are river channel (same layout as the grid's
/// values), whether the river runs west–east (else south–north), and the scale the relief was multiplied by to keep
/// it within the elevation range and slope bound (1 when it fitted as drawn).
/// </summary>
public sealed record GeneratedTerrain(ElevationGrid Grid, bool[] River, bool RiverRunsEast, double ReliefScale);
