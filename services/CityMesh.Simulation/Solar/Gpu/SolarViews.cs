using CityMesh.Simulation.Solar.Shading;
using ILGPU;

namespace CityMesh.Simulation.Solar.Gpu;

/// <summary>
/// The scene on the device (the arrays of <see cref="CityBlocks"/>, <see cref="RoofSamples"/> and <see cref="SunTable"/>
/// as views) and the kernel's outputs, passed to the kernel by value; it is the <see cref="ISolarScene"/> the shared
/// rules read in the kernel.
/// </summary>
internal struct SolarViews : ISolarScene
{
    public ArrayView<float> VertexXs, VertexYs, Heights, MinXs, MinYs, MaxXs, MaxYs, CellMaxHeights;
    public ArrayView<int> VertexStarts, CellStarts, CellBuildings;
    public ArrayView<float> SampleXs, SampleYs, SampleZs;
    public ArrayView<int> SampleBuildings;
    public ArrayView<double> NormalEasts, NormalNorths, NormalUps;
    public ArrayView<float> SunDxs, SunDys, SunCots;
    public ArrayView<double> SunEasts, SunNorths, SunUps, SunBeams, SunSkies, SunGrounds, SunAmbients, SunHourss;
    public ArrayView<double> OutPoa, OutAc;
    public ArrayView<int> OutShaded, OutCast;
    public int ColumnCount, RowCount, SunCount, BlockCount, PairCount;
    public float Cell, TallestHeight;
    public PvConstants Pv;

    public readonly float VertexX(int v) => VertexXs[v];
    public readonly float VertexY(int v) => VertexYs[v];
    public readonly int VertexStart(int building) => VertexStarts[building];
    public readonly float Height(int building) => Heights[building];
    public readonly float MinX(int building) => MinXs[building];
    public readonly float MinY(int building) => MinYs[building];
    public readonly float MaxX(int building) => MaxXs[building];
    public readonly float MaxY(int building) => MaxYs[building];
    public readonly int CellStart(int cell) => CellStarts[cell];
    public readonly int CellBuilding(int k) => CellBuildings[k];
    public readonly float CellMaxHeight(int cell) => CellMaxHeights[cell];
    public readonly int Columns => ColumnCount;
    public readonly int Rows => RowCount;
    public readonly float CellSize => Cell;
    public readonly float MaxHeight => TallestHeight;
    public readonly float SampleX(int sample) => SampleXs[sample];
    public readonly float SampleY(int sample) => SampleYs[sample];
    public readonly float SampleZ(int sample) => SampleZs[sample];
    public readonly int SampleBuilding(int sample) => SampleBuildings[sample];
    public readonly double NormalEast(int sample) => NormalEasts[sample];
    public readonly double NormalNorth(int sample) => NormalNorths[sample];
    public readonly double NormalUp(int sample) => NormalUps[sample];
    public readonly int Suns => SunCount;
    public readonly float SunDx(int sun) => SunDxs[sun];
    public readonly float SunDy(int sun) => SunDys[sun];
    public readonly float SunCot(int sun) => SunCots[sun];
    public readonly double SunEast(int sun) => SunEasts[sun];
    public readonly double SunNorth(int sun) => SunNorths[sun];
    public readonly double SunUp(int sun) => SunUps[sun];
    public readonly double SunBeam(int sun) => SunBeams[sun];
    public readonly double SunSky(int sun) => SunSkies[sun];
    public readonly double SunGround(int sun) => SunGrounds[sun];
    public readonly double SunAmbient(int sun) => SunAmbients[sun];
    public readonly double SunHours(int sun) => SunHourss[sun];
}
