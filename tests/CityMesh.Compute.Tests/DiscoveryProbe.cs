using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

/// <summary>
/// This assembly's entry point, for <see cref="ConcurrentDiscoveryTests"/>: OpenCL sets itself up on the first query
/// of a process, so only a fresh process can show what happens when that first query comes from many threads at
/// once. The test runner never calls it.
/// </summary>
public static class DiscoveryProbe
{
    public const string Argument = "discover-from-many-threads";

    public static int Main(string[] args)
    {
        if (args is not [Argument]) return 2;
        using var go = new ManualResetEventSlim();
        var counts = new int[16];
        var threads = Enumerable.Range(0, counts.Length).Select(i => new Thread(() =>
        {
            go.Wait();
            counts[i] = ClDiscovery.Devices().Count;
        })).ToList();
        threads.ForEach(t => t.Start());
        go.Set();
        threads.ForEach(t => t.Join());
        Console.WriteLine(string.Join(' ', counts));
        return 0;
    }
}
