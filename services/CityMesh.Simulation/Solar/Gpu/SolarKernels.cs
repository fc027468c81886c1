using CityMesh.Simulation.Solar.Shading;
using ILGPU;

namespace CityMesh.Simulation.Solar.Gpu;

/// <summary>
/// The roofs × suns sums on ILGPU: one thread per (roof sample, block of suns), running <see cref="YieldRules"/>, the
/// code the managed path runs, and writing its partial sums to its own slot (no atomics, so the host's in-order sum is
/// the managed one). Threads of a warp share a sample's neighbourhood and walk nearby cells: the grid and footprints
/// stay in cache.
/// </summary>
internal static class SolarKernels
{
    public static void Sums(Index1D index, SolarViews v)
    {
        int i = index;
        if (i >= v.PairCount) return;
        var sums = YieldRules.Accumulate(v, i / v.BlockCount, i % v.BlockCount, v.Pv);
        v.OutPoa[i] = sums.Poa;
        v.OutAc[i] = sums.Ac;
        v.OutShaded[i] = sums.Shaded;
        v.OutCast[i] = sums.Cast;
    }
}
