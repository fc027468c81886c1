namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The counter hash behind every random value of a plate image: 32-bit integer operations only, called by the ILGPU kernels
/// too (ILGPU compiles them for the device), so both backends draw the same dirt, texture, rain and noise for the same scene and pixel.
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

    /// <summary>The first round of <see cref="Hash(uint, int, int, uint)"/>, which depends only on the key and purpose: computed once per image.</summary>
    public static uint Seed(uint key, uint purpose) => Mix(key + purpose * 0x9E3779B9u);

    /// <summary><see cref="Hash(uint, int, int, uint)"/> from a <see cref="Seed"/>: the same value.</summary>
    public static uint Hash(uint seed, int a, int b) => Mix(Mix(seed ^ (uint)a) + (uint)b * 0x85EBCA6Bu);

    /// <summary>The second round for column <paramref name="a"/>, shared by every row: <c>Hash(seed, a, b) == Row(Column(seed, a), b)</c>.</summary>
    public static uint Column(uint seed, int a) => Mix(seed ^ (uint)a);

    public static uint Row(uint column, int b) => Mix(column + (uint)b * 0x85EBCA6Bu);

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

    /// <summary>
    /// <see cref="ValueNoise(uint, float, float, uint)"/> from a <see cref="Seed"/>, remembering the last lattice cell's
    /// corner values in <paramref name="cell"/> (neighbouring pixels mostly share a cell): the same value, fewer hashes.
    /// </summary>
    public static float ValueNoise(uint seed, float x, float y, ref NoiseCell cell)
    {
        float fx = MathF.Floor(x), fy = MathF.Floor(y);
        int ix = (int)fx, iy = (int)fy;
        float tx = x - fx, ty = y - fy;
        tx = tx * tx * (3f - 2f * tx);
        ty = ty * ty * (3f - 2f * ty);
        if (!cell.Valid || cell.Ix != ix || cell.Iy != iy)
        {
            uint c0 = Column(seed, ix), c1 = Column(seed, ix + 1);
            cell.A = Uniform(Row(c0, iy));
            cell.B = Uniform(Row(c1, iy));
            cell.C = Uniform(Row(c0, iy + 1));
            cell.D = Uniform(Row(c1, iy + 1));
            cell.Ix = ix; cell.Iy = iy; cell.Valid = true;
        }
        float top = cell.A + (cell.B - cell.A) * tx;
        float bottom = cell.C + (cell.D - cell.C) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary><see cref="Fbm(uint, float, float, uint)"/> from the seeds of the purpose and of purpose + 16, with a cell cache per octave.</summary>
    public static float Fbm(uint seed, uint seed2, float x, float y, ref NoiseCell first, ref NoiseCell second) =>
        0.6f * ValueNoise(seed, x, y, ref first) + 0.4f * ValueNoise(seed2, x * 2.17f + 5.3f, y * 2.17f + 1.7f, ref second);

    /// <summary>Two octaves of value noise, 0–1.</summary>
    public static float Fbm(uint key, float x, float y, uint purpose) =>
        0.6f * ValueNoise(key, x, y, purpose) + 0.4f * ValueNoise(key, x * 2.17f + 5.3f, y * 2.17f + 1.7f, purpose + 16u);
}

/// <summary>The corner values of the lattice cell a value-noise lookup last used.</summary>
internal struct NoiseCell
{
    public bool Valid;
    public int Ix, Iy;
    public float A, B, C, D;
}
