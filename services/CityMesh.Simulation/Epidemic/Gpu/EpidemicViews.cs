using ILGPU;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>The device's view of <see cref="EpidemicState"/>, passed to the kernels by value.</summary>
internal struct EpidemicViews
{
    public ArrayView<byte> State;
    public ArrayView<int> Groups, Sizes, Infectious, Delta, Transitions;
    public ArrayView<float> Beta;
    public int Count, Layers, HasLatent;
    public ulong Seed;
    public float StepDays, LatentEnd, Recovery;
}
