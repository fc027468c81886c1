using System.Diagnostics;

namespace CityMesh.Cli.Bench;

/// <summary>
/// What a stretch of a run cost the process: CPU time (all threads, librdkafka's and the in-process mock brokers'
/// included), bytes allocated and time paused for GC. On a machine shared with other work the rates vary with the
/// load; CPU per event varies far less, so it is what the bench reports beside the rates. The collections by
/// generation say what kind of garbage a path makes: full (gen 2) collections walk the whole twin.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Allocated, TimeSpan GcPause, int Gen0, int Gen1, int Gen2)
{
    public static ProcessCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public ProcessCost Since(ProcessCost start) =>
        new(Cpu - start.Cpu, Allocated - start.Allocated, GcPause - start.GcPause, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2);

    /// <summary>One line: CPU µs, allocated bytes and GC pause µs per <paramref name="unit"/>, and the collections of each generation.</summary>
    public string Per(long count, string unit) =>
        $"{Cpu.TotalMicroseconds / count,8:F1} µs CPU, {(double)Allocated / count,8:N0} B allocated, {GcPause.TotalMicroseconds / count,6:F1} µs GC pause per {unit}" +
        $" (collections: {Gen0 - Gen1} gen 0, {Gen1 - Gen2} gen 1, {Gen2} gen 2)";
}
