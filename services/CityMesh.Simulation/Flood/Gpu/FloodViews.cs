using ILGPU;

namespace CityMesh.Simulation.Flood.Gpu;

/// <summary>
/// The device's view of <see cref="FloodState"/>, passed to the kernels by value. H, Hu, Hv are the state a step
/// reads and HNext… the one it writes; the host keeps two of these with the roles swapped and alternates them.
/// </summary>
internal struct FloodViews
{
    public ArrayView<double> H, Hu, Hv, HNext, HuNext, HvNext, Bed, Manning, Outflow, SourceRate, SourceVolume;
    public ArrayView<byte> Blocked, RainMask;
    public ArrayView<float> MaxDepth, MaxSpeed, Arrival;
    public ArrayView<int> SourceCell;
    /// <summary>[0]: the largest wave speed as the bits of a non-negative double, which order as the doubles do.</summary>
    public ArrayView<ulong> WaveSpeedBits;
    public int Width, Height, Count, Open, Sources;
    public double CellSize, Gravity, Dry, ArrivalDepth;
}

/// <summary>A step's scalars: its length, the time it starts at and the rain depth it brings to masked cells.</summary>
internal struct FloodStep
{
    public double Dt, Time, RainDepth;
}
