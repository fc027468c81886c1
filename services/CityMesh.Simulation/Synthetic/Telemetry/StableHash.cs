namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>FNV-1a: a site's own random numbers follow from its id and the seed in every process (string.GetHashCode does not).</summary>
internal static class StableHash
{
    public static int Of(string text, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return (int)(hash ^ (hash >> 32));
    }
}
