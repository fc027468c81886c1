using ILGPU;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>The device's view of <see cref="EpidemicState"/>, passed to the kernels by value.</summary>
internal struct EpidemicViews
{
    public ArrayView<byte> State, AgeBand;
    public ArrayView<int> Groups, Sizes, Infectious, Delta, Moves, HospitalOf, Beds;
    public ArrayView<float> Beta, Severity, VaccineChance;
    public int Count, Layers, HasLatent, Hospitals;
    public ulong Seed;
    public float StepDays;
    public Chances Chances;
}
