using System.Runtime.CompilerServices;

namespace CityMesh.Compute.Ilgpu;

/// <summary>
/// Small helpers that a kernel and its managed twin share. ILGPU compiles no <c>throw</c>, and Math.Clamp throws
/// when min &gt; max, so it cannot be called in a kernel; these give Math.Clamp's results bit for bit (NaN passes through).
/// Aggressively inlined: they sit in the managed renderers' innermost loops, and a call there halves their speed.
/// </summary>
public static class KernelMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float value, float min, float max) => value < min ? min : value > max ? max : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
