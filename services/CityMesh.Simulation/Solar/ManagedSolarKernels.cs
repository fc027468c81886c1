using CityMesh.Simulation.Solar.Shading;

namespace CityMesh.Simulation.Solar;

/// <summary>
/// The managed path, the CPU fallback and the oracle of the ILGPU kernel: the (sample, block of suns) pairs over the
/// cores, each summed by <see cref="YieldRules"/> over the arrays. Not in SIMD lanes: each ray walks its own cells and
/// buildings, and lanes would wait on the longest; the parallelism is across rays.
/// </summary>
internal sealed class ManagedSolarKernels(int? maxDegreeOfParallelism = null) : ISolarKernels
{
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description;

    public double KernelSeconds { get; private set; }

    public void Run(CityBlocks city, RoofSamples samples, SunTable suns, PvConstants pv, SolarSums into)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var scene = new ArrayScene(city, samples, suns);
        int blocks = into.Blocks;
        // Chunks of pairs, not single pairs: a block is ~0.1 ms of rays, a delegate call per pair would show.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, into.Samples * blocks, 64), _parallel, range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var sums = YieldRules.Accumulate(scene, i / blocks, i % blocks, pv);
                into.Poa[i] = sums.Poa;
                into.Ac[i] = sums.Ac;
                into.Shaded[i] = sums.Shaded;
                into.Cast[i] = sums.Cast;
            }
        });
        KernelSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public void Dispose()
    {
    }
}
