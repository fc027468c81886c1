namespace CityMesh.Simulation.Flood;

/// <summary>
/// A vector of doubles of one width, the operations the flood's lanes need: <see cref="Lanes256"/> (AVX2, and any CPU
/// with 256-bit vectors) and <see cref="Lanes512"/> (AVX-512, which on Zen 4/5 and recent Xeons does a 512-bit
/// square root, division or product for the price of a 256-bit one). Static abstract members, so code generic over
/// the width (<see cref="FloodLanes{T}"/>) is compiled by the JIT once per width with every call inlined. A mask is a
/// vector too, all bits set in the lanes where a comparison holds.
/// </summary>
internal interface ILanes<T> where T : struct, ILanes<T>
{
    static abstract int Count { get; }

    static abstract T Zero { get; }

    static abstract T Create(double value);

    static abstract T operator +(T left, T right);

    static abstract T operator -(T left, T right);

    static abstract T operator *(T left, T right);

    static abstract T operator /(T left, T right);

    static abstract T operator -(T value);

    static abstract T operator &(T left, T right);

    static abstract T operator |(T left, T right);

    static abstract T Sqrt(T value);

    static abstract T Abs(T value);

    /// <summary>IEEE maximum, as Math.Max: NaN if either is, +0 above −0.</summary>
    static abstract T Max(T left, T right);

    /// <summary>IEEE minimum, as Math.Min.</summary>
    static abstract T Min(T left, T right);

    static abstract T GreaterThan(T left, T right);

    static abstract T GreaterThanOrEqual(T left, T right);

    static abstract T LessThanOrEqual(T left, T right);

    /// <summary>Lane by lane, <paramref name="whereSet"/> where the mask is set, else <paramref name="elsewhere"/>.</summary>
    static abstract T Select(T mask, T whereSet, T elsewhere);

    static abstract bool AllSet(T mask);

    static abstract bool AnySet(T mask);

    /// <summary>The largest lane (a maximum is exact in any order).</summary>
    static abstract double MaxLane(T value);

    /// <summary><see cref="CubeRoot"/>'s first guess, lane by lane.</summary>
    static abstract T InverseCubeRootGuess(T x);

    /// <summary>Lanes i to i + Count − 1 of the array; the caller keeps them inside it (no bounds check).</summary>
    static abstract T Load(double[] array, int i);

    static abstract void Store(T value, double[] array, int i);

    /// <summary>Count one-byte flags from i as one word, flag i in the lowest byte.</summary>
    static abstract ulong FlagWord(byte[] flags, int i);

    /// <summary>A flag word as a mask: all bits set in the lanes whose flag is not 0.</summary>
    static abstract T Flags(ulong word);

    /// <summary>
    /// A float raster's cells i to i + 2·Count − 1 raised to (float)<paramref name="low"/>, (float)<paramref name="high"/>
    /// where those are above it (the rasters are float; two vectors of doubles narrow to one of floats).
    /// </summary>
    static abstract void KeepMax(float[] raster, int i, T low, T high);

    /// <summary>The arrival raster's cells i to i + 2·Count − 1 set to <paramref name="at"/> where still negative and reached.</summary>
    static abstract void KeepFirst(float[] arrival, int i, T lowReached, T highReached, float at);
}
