namespace CityMesh.Compute.Ilgpu;

/// <summary>
/// Small helpers that a kernel and its managed twin share. ILGPU compiles no <c>throw</c>, and Math.Clamp throws
/// when min &gt; max, so it cannot be called in a kernel; these give Math.Clamp's results bit for bit (NaN passes through).
/// </summary>
public static class KernelMath
{
    public static float Clamp(float value, float min, float max) => value < min ? min : value > max ? max : value;

    public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
