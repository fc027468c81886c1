namespace CityMesh.Simulation.Terrain;

/// <summary>
/// A flood model's surface on an <see cref="ElevationGrid"/>'s cells, in the grid's layout (row-major, row 0 northern):
/// each cell's land use, its Manning's n (NaN where blocked) and whether a building blocks it.
/// </summary>
public sealed record RoughnessRaster(int Columns, int Rows, LandUse[] Cover, float[] Manning, bool[] Blocked)
{
    public int BlockedCells => Blocked.Count(b => b);
}
