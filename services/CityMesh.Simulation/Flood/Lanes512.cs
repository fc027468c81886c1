using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<double>;

namespace CityMesh.Simulation.Flood;

/// <summary><see cref="ILanes{T}"/> on <see cref="Vector512{T}"/>: eight doubles. Every member is inlined: a call inside a
/// lane loop would spill every vector register (none survives a call).</summary>
internal readonly struct Lanes512(V value) : ILanes<Lanes512>
{
    /// <summary>Lane k's byte of a flag word.</summary>
    private static readonly Vector512<ulong> LaneBytes = Vector512.Create(0xFFUL, 0xFF00UL, 0xFF_0000UL, 0xFF00_0000UL,
        0xFF_0000_0000UL, 0xFF00_0000_0000UL, 0xFF_0000_0000_0000UL, 0xFF00_0000_0000_0000UL);

    public readonly V Value = value;

    public static int Count => V.Count;

    public static Lanes512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Create(double value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator +(Lanes512 left, Lanes512 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 left, Lanes512 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator *(Lanes512 left, Lanes512 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator /(Lanes512 left, Lanes512 right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator &(Lanes512 left, Lanes512 right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator |(Lanes512 left, Lanes512 right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Sqrt(Lanes512 value) => new(Vector512.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Abs(Lanes512 value) => new(Vector512.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Max(Lanes512 left, Lanes512 right) => new(Vector512.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Min(Lanes512 left, Lanes512 right) => new(Vector512.Min(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 GreaterThan(Lanes512 left, Lanes512 right) => new(Vector512.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 GreaterThanOrEqual(Lanes512 left, Lanes512 right) => new(Vector512.GreaterThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LessThanOrEqual(Lanes512 left, Lanes512 right) => new(Vector512.LessThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Select(Lanes512 mask, Lanes512 whereSet, Lanes512 elsewhere) =>
        new(Vector512.ConditionalSelect(mask.Value, whereSet.Value, elsewhere.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllSet(Lanes512 mask) => Vector512.EqualsAll(mask.Value.AsUInt64(), Vector512<ulong>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnySet(Lanes512 mask) => !Vector512.EqualsAll(mask.Value.AsUInt64(), Vector512<ulong>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxLane(Lanes512 value)
    {
        double max = value.Value.GetElement(0);
        for (int k = 1; k < V.Count; k++) max = Math.Max(max, value.Value.GetElement(k));
        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 InverseCubeRootGuess(Lanes512 x) => new(CubeRoot.Guess(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(double[] array, int i) => new(Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, double[] array, int i) =>
        value.Value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FlagWord(byte[] flags, int i) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Flags(ulong word) =>
        new((~Vector512.Equals(Vector512.Create(word) & LaneBytes, Vector512<ulong>.Zero)).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepMax(float[] raster, int i, Lanes512 low, Lanes512 high)
    {
        ref float at = ref MemoryMarshal.GetArrayDataReference(raster);
        var value = Vector512.Narrow(low.Value, high.Value); // (float) as the scalar cast rounds
        var old = Vector512.LoadUnsafe(ref at, (nuint)i);
        Vector512.ConditionalSelect(Vector512.GreaterThan(value, old), value, old).StoreUnsafe(ref at, (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepFirst(float[] arrival, int i, Lanes512 lowReached, Lanes512 highReached, float at)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(arrival);
        // A mask of 64-bit lanes narrows to 32-bit lanes of the same bits.
        var reached = Vector512.Narrow(lowReached.Value.AsInt64(), highReached.Value.AsInt64()).AsSingle();
        var old = Vector512.LoadUnsafe(ref start, (nuint)i);
        var first = Vector512.LessThan(old, Vector512<float>.Zero) & reached;
        Vector512.ConditionalSelect(first, Vector512.Create(at), old).StoreUnsafe(ref start, (nuint)i);
    }
}
