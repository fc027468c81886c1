using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace CityMesh.Simulation.Flood;

/// <summary><see cref="ILanes{T}"/> on <see cref="Vector256{T}"/>: four doubles. Every member is inlined: a call inside a
/// lane loop would spill every vector register (none survives a call).</summary>
internal readonly struct Lanes256(V value) : ILanes<Lanes256>
{
    /// <summary>Lane k's byte of a flag word.</summary>
    private static readonly Vector256<ulong> LaneBytes = Vector256.Create(0xFFUL, 0xFF00UL, 0xFF_0000UL, 0xFF00_0000UL);

    public readonly V Value = value;

    public static int Count => V.Count;

    public static Lanes256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Create(double value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator +(Lanes256 left, Lanes256 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 left, Lanes256 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator *(Lanes256 left, Lanes256 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator /(Lanes256 left, Lanes256 right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator &(Lanes256 left, Lanes256 right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator |(Lanes256 left, Lanes256 right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Sqrt(Lanes256 value) => new(Vector256.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Abs(Lanes256 value) => new(Vector256.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Max(Lanes256 left, Lanes256 right) => new(Vector256.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Min(Lanes256 left, Lanes256 right) => new(Vector256.Min(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 GreaterThan(Lanes256 left, Lanes256 right) => new(Vector256.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 GreaterThanOrEqual(Lanes256 left, Lanes256 right) => new(Vector256.GreaterThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LessThanOrEqual(Lanes256 left, Lanes256 right) => new(Vector256.LessThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Select(Lanes256 mask, Lanes256 whereSet, Lanes256 elsewhere) =>
        new(Vector256.ConditionalSelect(mask.Value, whereSet.Value, elsewhere.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllSet(Lanes256 mask) => Vector256.EqualsAll(mask.Value.AsUInt64(), Vector256<ulong>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnySet(Lanes256 mask) => !Vector256.EqualsAll(mask.Value.AsUInt64(), Vector256<ulong>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxLane(Lanes256 value)
    {
        double max = value.Value.GetElement(0);
        for (int k = 1; k < V.Count; k++) max = Math.Max(max, value.Value.GetElement(k));
        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 InverseCubeRootGuess(Lanes256 x) => new(CubeRoot.Guess(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(double[] array, int i) => new(Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, double[] array, int i) =>
        value.Value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FlagWord(byte[] flags, int i) =>
        Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Flags(ulong word) =>
        new((~Vector256.Equals(Vector256.Create(word) & LaneBytes, Vector256<ulong>.Zero)).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepMax(float[] raster, int i, Lanes256 low, Lanes256 high)
    {
        ref float at = ref MemoryMarshal.GetArrayDataReference(raster);
        var value = Vector256.Narrow(low.Value, high.Value); // (float) as the scalar cast rounds
        var old = Vector256.LoadUnsafe(ref at, (nuint)i);
        Vector256.ConditionalSelect(Vector256.GreaterThan(value, old), value, old).StoreUnsafe(ref at, (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepFirst(float[] arrival, int i, Lanes256 lowReached, Lanes256 highReached, float at)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(arrival);
        // A mask of 64-bit lanes narrows to 32-bit lanes of the same bits.
        var reached = Vector256.Narrow(lowReached.Value.AsInt64(), highReached.Value.AsInt64()).AsSingle();
        var old = Vector256.LoadUnsafe(ref start, (nuint)i);
        var first = Vector256.LessThan(old, Vector256<float>.Zero) & reached;
        Vector256.ConditionalSelect(first, Vector256.Create(at), old).StoreUnsafe(ref start, (nuint)i);
    }
}
