namespace CityMesh.Simulation.Solar.Shading;

/// <summary>The scene over managed arrays: what the managed path hands <see cref="YieldRules"/>.</summary>
internal readonly struct ArrayScene(CityBlocks city, RoofSamples samples, SunTable suns) : ISolarScene
{
    private readonly CityBlocks _c = city;
    private readonly RoofSamples _r = samples;
    private readonly SunTable _s = suns;

    public float VertexX(int v) => _c.VertexX[v];
    public float VertexY(int v) => _c.VertexY[v];
    public int VertexStart(int building) => _c.VertexStart[building];
    public float Height(int building) => _c.Height[building];
    public float MinX(int building) => _c.MinX[building];
    public float MinY(int building) => _c.MinY[building];
    public float MaxX(int building) => _c.MaxX[building];
    public float MaxY(int building) => _c.MaxY[building];
    public int CellStart(int cell) => _c.CellStart[cell];
    public int CellBuilding(int k) => _c.CellBuildings[k];
    public float CellMaxHeight(int cell) => _c.CellMaxHeight[cell];
    public int Columns => _c.Columns;
    public int Rows => _c.Rows;
    public float CellSize => _c.CellSize;
    public float MaxHeight => _c.MaxHeight;
    public float SampleX(int sample) => _r.X[sample];
    public float SampleY(int sample) => _r.Y[sample];
    public float SampleZ(int sample) => _r.Z[sample];
    public int SampleBuilding(int sample) => _r.Building[sample];
    public double NormalEast(int sample) => _r.NormalEast[sample];
    public double NormalNorth(int sample) => _r.NormalNorth[sample];
    public double NormalUp(int sample) => _r.NormalUp[sample];
    public int Suns => _s.Count;
    public float SunDx(int sun) => _s.Dx[sun];
    public float SunDy(int sun) => _s.Dy[sun];
    public float SunCot(int sun) => _s.Cot[sun];
    public double SunEast(int sun) => _s.East[sun];
    public double SunNorth(int sun) => _s.North[sun];
    public double SunUp(int sun) => _s.Up[sun];
    public double SunBeam(int sun) => _s.Beam[sun];
    public double SunSky(int sun) => _s.Sky[sun];
    public double SunGround(int sun) => _s.Ground[sun];
    public double SunAmbient(int sun) => _s.Ambient[sun];
    public double SunHours(int sun) => _s.Hours[sun];
}
