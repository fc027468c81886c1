using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// Vector loads and stores at an index without a bounds check, for the managed sweep's loops, whose bounds keep every
/// lane inside the array (i + 4 ≤ length for doubles, i + 8 for floats, i + 4 or i + 8 for flag bytes).
/// </summary>
internal static class Lane
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] array, int i) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, double[] array, int i) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float[] array, int i) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float[] array, int i) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    /// <summary>Four flag bytes as one word, byte 0 (cell i) lowest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Four(byte[] flags, int i) =>
        Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), i));
}
