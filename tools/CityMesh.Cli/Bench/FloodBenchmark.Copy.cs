using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Cli.Bench;

/// <summary>
/// The bound a step is held against: a plain copy of arrays like the ones a step reads (five of doubles, two of bytes,
/// three of floats, a cell each), each into a twin, the median of <see cref="CopyRuns"/> after one that maps the pages.
/// </summary>
public sealed partial class FloodBenchmark
{
    private const int CopyRuns = 5;

    /// <summary>On the host, the arrays split over the cores as the managed step splits its rows.</summary>
    private static double CopySeconds(long cells)
    {
        int n = checked((int)cells);
        Array[] from = [.. Filled<double>(5, n), .. Filled<byte>(2, n), .. Filled<float>(3, n)];
        Array[] to = from.Select(a => Array.CreateInstance(a.GetType().GetElementType()!, n)).ToArray();
        int parts = Environment.ProcessorCount;
        return Median(() => Parallel.For(0, parts, part =>
        {
            int start = (int)((long)n * part / parts), end = (int)((long)n * (part + 1) / parts);
            for (int a = 0; a < from.Length; a++) Array.Copy(from[a], start, to[a], start, end - start);
        }));
    }

    /// <summary>On a GPU, device memory to device memory, the same bytes.</summary>
    private static double DeviceCopySeconds(ComputeDevice device, long cells)
    {
        var accelerator = IlgpuRuntime.Accelerator(device);
        using var stream = accelerator.CreateStream();
        using var from = accelerator.Allocate1D<byte>(BytesRead * cells);
        using var to = accelerator.Allocate1D<byte>(BytesRead * cells);
        from.View.MemSet(stream, 1);
        return Median(() =>
        {
            from.View.CopyTo(stream, to.View);
            stream.Synchronize();
        });
    }

    private static IEnumerable<T[]> Filled<T>(int count, int cells) where T : struct
    {
        for (int k = 0; k < count; k++)
        {
            var array = new T[cells];
            Array.Fill(array, (T)Convert.ChangeType(1 + k, typeof(T), System.Globalization.CultureInfo.InvariantCulture)); // no untouched zero pages
            yield return array;
        }
    }

    private static double Median(Action copy)
    {
        copy(); // maps the destination's pages
        var times = new double[CopyRuns];
        for (int run = 0; run < CopyRuns; run++)
        {
            long start = Stopwatch.GetTimestamp();
            copy();
            times[run] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return times[CopyRuns / 2];
    }
}
