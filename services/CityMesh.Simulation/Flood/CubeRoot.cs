using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ILGPU;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// x^(−1/3) for Manning's h^(−4/3) = (x^(−1/3))⁴, without Math.Pow (a libm call that neither vectorises nor exists in
/// ILGPU, which has no Cbrt either) and without a division. A first guess from the bits (a third of the exponent off a
/// constant, ~3.4 % off), then four Newton steps y ← y + y (1 − x y³) / 3, each squaring the error: 3.4e-2, 2.4e-3,
/// 1.1e-5, 2.6e-10, then round-off (within 1.2 ulp of the true value, sampled for x from 1e-9 to 1e6). Only plain IEEE
/// products and sums in a fixed order, so the scalar form (the rules', the GPU kernels') and the lanes' give the same
/// bits. For positive normal x only: the engine calls it for depths above the dry depth.
/// </summary>
internal static class CubeRoot
{
    /// <summary>The high word of the first guess's bits is this less a third of x's high word.</summary>
    private const ulong Magic = 0x553E_F0A5;

    /// <summary>⌈2³² / 3⌉: (w · this) ≫ 32 is w / 3 exactly for every w below 2³¹, as a 64-bit product (lanes have no divide).</summary>
    private const ulong Third = 0x5555_5556;

    private const double OneThird = 1.0 / 3.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Inverse(double x)
    {
        double y = Guess(x);
        for (int step = 0; step < 4; step++) y = y + y * (1.0 - x * y * y * y) * OneThird;
        return y;
    }

    /// <summary>The same, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Inverse<T>(T x) where T : struct, ILanes<T>
    {
        var y = T.InverseCubeRootGuess(x);
        T one = T.Create(1.0), oneThird = T.Create(OneThird);
        for (int step = 0; step < 4; step++) y = y + y * (one - x * y * y * y) * oneThird;
        return y;
    }

    // The first guess, in each width: the same integer operations on the bits.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Guess(double x) => Interop.IntAsFloat((Magic - (((Interop.FloatAsInt(x) >> 32) * Third) >> 32)) << 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Guess(Vector256<double> x) =>
        Vector256.ShiftLeft(Vector256.Create(Magic) - Vector256.ShiftRightLogical(Vector256.ShiftRightLogical(x.AsUInt64(), 32) * Vector256.Create(Third), 32), 32)
            .AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Guess(Vector512<double> x) =>
        Vector512.ShiftLeft(Vector512.Create(Magic) - Vector512.ShiftRightLogical(Vector512.ShiftRightLogical(x.AsUInt64(), 32) * Vector512.Create(Third), 32), 32)
            .AsDouble();
}
