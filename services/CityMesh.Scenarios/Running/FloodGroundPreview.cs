using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;

namespace CityMesh.Scenarios.Running;

/// <summary>A flood spec's ground, before any water: what it is, how large, and a picture of it.</summary>
/// <param name="WallCells">Cells water never enters: building footprints, and the edges walled round a generated river's entry.</param>
/// <param name="Png">The hillshade with the buildings as walls and a generated river's channel in blue (north up).</param>
public sealed record FloodGroundPreview(string Description, int Columns, int Rows, double CellSize, double MinElevation, double MaxElevation,
    int WallCells, byte[] Png)
{
    /// <summary>Builds the ground a flood run of <paramref name="flood"/> would use, as it would build it.</summary>
    /// <exception cref="ScenarioInputException">The ground cannot be built; names the field.</exception>
    public static FloodGroundPreview Of(FloodSpec flood, TwinCity? city, InputFiles inputs)
    {
        var ground = FloodGround.Create(flood, city, inputs);
        var grid = ground.Grid;
        // The channel drawn as water one metre deep, so the picture shows where the river runs.
        var water = new float[grid.Count];
        for (int cell = 0; cell < water.Length && cell < ground.River.Length; cell++) water[cell] = ground.River[cell] ? 1f : 0f;
        var open = Enumerable.Range(0, grid.Count).Where(c => !grid.IsBlocked(c)).Select(c => grid.Bed[c]).DefaultIfEmpty(0).ToList();
        return new FloodGroundPreview(ground.Description, grid.Width, grid.Height, grid.CellSize, Math.Round(open.Min(), 2), Math.Round(open.Max(), 2),
            grid.Blocked.Count(b => b), FloodMap.Png(grid, water, flood.FloodedDepthMetres));
    }
}
