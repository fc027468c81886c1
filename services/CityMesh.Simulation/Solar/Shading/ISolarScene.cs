namespace CityMesh.Simulation.Solar.Shading;

/// <summary>
/// What the shading and yield rules read, element by element: the buildings and their grid (<see cref="CityBlocks"/>),
/// the roof sample points and the sun positions of the year (<see cref="SunTable"/>). Two structs implement it: one
/// over managed arrays (the CPU path) and one over ILGPU array views (the kernel). The rules are generic over it,
/// constrained to a struct, so each compiles to direct loads with no interface call: one source for both paths, and
/// the same operations in the same order, so ILGPU's CPU accelerator gives the managed path's bits.
/// </summary>
internal interface ISolarScene
{
    float VertexX(int v);
    float VertexY(int v);
    int VertexStart(int building);
    float Height(int building);
    float MinX(int building);
    float MinY(int building);
    float MaxX(int building);
    float MaxY(int building);
    int CellStart(int cell);
    int CellBuilding(int k);
    float CellMaxHeight(int cell);
    int Columns { get; }
    int Rows { get; }
    float CellSize { get; }
    float MaxHeight { get; }

    /// <summary>A roof sample point, frame-relative (m), on building <see cref="SampleBuilding"/>.</summary>
    float SampleX(int sample);
    float SampleY(int sample);
    float SampleZ(int sample);
    int SampleBuilding(int sample);
    /// <summary>The unit normal of the roof plane at the sample (east, north, up).</summary>
    double NormalEast(int sample);
    double NormalNorth(int sample);
    double NormalUp(int sample);

    int Suns { get; }
    /// <summary>The sun's horizontal direction as a unit vector (east, north), and cot(elevation): metres run per metre climbed.</summary>
    float SunDx(int sun);
    float SunDy(int sun);
    float SunCot(int sun);
    /// <summary>The unit vector towards the sun (east, north, up), for the angle of incidence.</summary>
    double SunEast(int sun);
    double SunNorth(int sun);
    double SunUp(int sun);
    /// <summary>W/m² a plane facing the sun gets from its direction: DNI plus Hay–Davies' circumsolar DHI·A / cos θz.</summary>
    double SunBeam(int sun);
    /// <summary>The isotropic sky's DHI·(1 − A), W/m², seen by (1 + cos β) / 2.</summary>
    double SunSky(int sun);
    /// <summary>GHI·albedo, W/m², seen by (1 − cos β) / 2.</summary>
    double SunGround(int sun);
    /// <summary>Ambient air temperature, °C, for the cell temperature.</summary>
    double SunAmbient(int sun);
    /// <summary>The hours this sun position stands for (the time step, times the month's clear-sky index for energy).</summary>
    double SunHours(int sun);
}
