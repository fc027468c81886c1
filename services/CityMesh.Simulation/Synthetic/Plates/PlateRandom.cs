namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// A splitmix64 stream: tiny, fast, and fixed forever (System.Random's algorithm is not promised across runtimes),
/// so an image's seed reproduces it on any machine and version.
/// </summary>
public struct PlateRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The splitmix64 finaliser: a bijective scramble of <paramref name="z"/>.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The seed of image <paramref name="index"/> of the run seeded <paramref name="runSeed"/>.</summary>
    public static ulong ImageSeed(ulong runSeed, long index) => Mix(Mix(runSeed + 0x9E3779B97F4A7C15UL) ^ ((ulong)index * 0xD1B54A32D192ED03UL + 1));

    /// <summary>An independent stream for one aspect of an image (camera, light, ...), so options of one aspect never shift another's draws.</summary>
    public static PlateRandom For(ulong imageSeed, ulong aspect) => new(Mix(imageSeed ^ Mix(aspect * 0x9E3779B97F4A7C15UL)));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    public double Sample(ValueRange range) => range.Sample(NextDouble());

    public bool Chance(double probability) => NextDouble() < probability;
}
