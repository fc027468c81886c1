namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The counter hash behind every random value of a plate image: 32-bit integer operations only, written identically
/// in plate_common.cl, so both backends draw the same dirt, texture, rain and noise for the same scene and pixel.
/// </summary>
internal static class PixelHash
{
    /// <summary>A 32-bit avalanche finaliser (xorshift-multiply, two rounds).</summary>
    public static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    /// <summary>The per-image key folded from the scene's 64-bit seed, computed once on the host.</summary>
    public static uint Key(ulong seed) => Mix((uint)seed ^ Mix((uint)(seed >> 32) + 0x9E3779B9u));

    public static uint Hash(uint key, int a, int b, uint purpose)
    {
        uint h = Mix(key + purpose * 0x9E3779B9u);
        h = Mix(h ^ (uint)a);
        return Mix(h + (uint)b * 0x85EBCA6Bu);
    }

    /// <summary>24 bits scaled to [0, 1), exact in float32.</summary>
    public static float Uniform(uint h) => (h >> 8) * (1f / 16777216f);

    /// <summary>Smooth value noise on the integer lattice, 0–1.</summary>
    public static float ValueNoise(uint key, float x, float y, uint purpose)
    {
        float fx = MathF.Floor(x), fy = MathF.Floor(y);
        int ix = (int)fx, iy = (int)fy;
        float tx = x - fx, ty = y - fy;
        tx = tx * tx * (3f - 2f * tx);
        ty = ty * ty * (3f - 2f * ty);
        float a = Uniform(Hash(key, ix, iy, purpose));
        float b = Uniform(Hash(key, ix + 1, iy, purpose));
        float c = Uniform(Hash(key, ix, iy + 1, purpose));
        float d = Uniform(Hash(key, ix + 1, iy + 1, purpose));
        float top = a + (b - a) * tx;
        float bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary>Two octaves of value noise, 0–1.</summary>
    public static float Fbm(uint key, float x, float y, uint purpose) =>
        0.6f * ValueNoise(key, x, y, purpose) + 0.4f * ValueNoise(key, x * 2.17f + 5.3f, y * 2.17f + 1.7f, purpose + 16u);
}
