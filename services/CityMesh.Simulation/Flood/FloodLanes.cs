using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// <see cref="FloodRules"/> four cells (or faces) at a time, branch-free: every case the rules branch on (wet or dry
/// sides, which way the waves go, walls) is computed in every lane and the lane's case chosen by a mask
/// (<see cref="Vector256.ConditionalSelect{T}"/>), so lanes on either side of a front take the same instructions.
/// Each line is the rules' line with the same operations in the same order, so a lane's result is the rules' result
/// to the bit (tested); a case no lane needs is skipped by a branch on the whole vector (all dry, no wall in reach).
/// Max and Min are IEEE maximum and minimum, as Math.Max and Math.Min.
/// </summary>
internal static class FloodLanes
{
    /// <summary>Lane k's byte of a 4-byte word, for <see cref="Flags"/>.</summary>
    private static readonly Vector256<ulong> LaneBytes = Vector256.Create(0xFFUL, 0xFF00UL, 0xFF_0000UL, 0xFF00_0000UL);

    /// <summary>Four one-byte flags (blocked, rain) read as one word: all bits set in the lanes whose flag is not 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Flags(uint four) =>
        (~Vector256.Equals(Vector256.Create((ulong)four) & LaneBytes, Vector256<ulong>.Zero)).AsDouble();

    /// <see cref="FloodRules.InverseDepth"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V InverseDepth(V h, V dry) => Vector256.ConditionalSelect(Vector256.GreaterThan(h, dry), V.One / h, V.Zero);

    /// <summary>
    /// <see cref="FloodRules.Between"/>, the left and right cells' blocked flags as words of four bytes (lane k's in
    /// byte k): where neither has a wall, as in most of a city, the walls are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FaceFluxes Between(uint leftFlags, uint rightFlags, V hL, V unL, V utL, V zL, V hR, V unR, V utR, V zR, V g)
    {
        var face = Face(hL, unL, utL, zL, hR, unR, utR, zR, g);
        if ((leftFlags | rightFlags) == 0) return face;
        V leftBlocked = Flags(leftFlags), rightBlocked = Flags(rightFlags);
        var pushL = WallPush(hL, unL, g);
        var pushR = WallPush(hR, -unR, g);
        var bothBlocked = leftBlocked & rightBlocked;
        var eitherBlocked = leftBlocked | rightBlocked;
        return new FaceFluxes(Vector256.ConditionalSelect(eitherBlocked, V.Zero, face.Mass),
            WallNormal(bothBlocked, rightBlocked, leftBlocked, pushL, pushR, face.NormalLeft),
            WallNormal(bothBlocked, rightBlocked, leftBlocked, pushL, pushR, face.NormalRight),
            Vector256.ConditionalSelect(eitherBlocked, V.Zero, face.Tangential));
    }

    /// <see cref="FloodRules.Face"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FaceFluxes Face(V hL, V unL, V utL, V zL, V hR, V unR, V utR, V zR, V g)
    {
        var zs = Vector256.Max(zL, zR);
        V hLs = Vector256.Max(V.Zero, hL + zL - zs), hRs = Vector256.Max(V.Zero, hR + zR - zs);
        var half = Vector256.Create(0.5) * g;
        V corrL = half * (hL * hL - hLs * hLs), corrR = half * (hR * hR - hRs * hRs);
        V leftDry = Vector256.LessThanOrEqual(hLs, V.Zero), rightDry = Vector256.LessThanOrEqual(hRs, V.Zero);
        var bothDry = leftDry & rightDry;
        if (Vector256.EqualsAll(bothDry.AsUInt64(), Vector256<ulong>.AllBitsSet)) return new FaceFluxes(V.Zero, corrL, corrR, V.Zero);
        V cL = Vector256.Sqrt(g * hLs), cR = Vector256.Sqrt(g * hRs);
        var two = Vector256.Create(2.0);
        // Wave speeds of Toro's HLL, with the dry-bed front speed u ± 2c where one side is dry.
        var sL = Vector256.ConditionalSelect(leftDry, unR - two * cR,
            Vector256.ConditionalSelect(rightDry, unL - cL, Vector256.Min(unL - cL, unR - cR)));
        var sR = Vector256.ConditionalSelect(leftDry, unR + cR,
            Vector256.ConditionalSelect(rightDry, unL + two * cL, Vector256.Max(unL + cL, unR + cR)));
        V qL = hLs * unL, qR = hRs * unR;
        V mL = qL * unL + half * hLs * hLs, mR = qR * unR + half * hRs * hRs;
        V tL = qL * utL, tR = qR * utR;
        V perSpan = V.One / (sR - sL), both = sL * sR;
        var mass = (sR * qL - sL * qR + both * (hRs - hLs)) * perSpan;
        var normal = (sR * mL - sL * mR + both * (qR - qL)) * perSpan;
        var tangential = (sR * tL - sL * tR + both * (hRs * utR - hLs * utL)) * perSpan;
        // The rules' order: both dry, then all going right (sL ≥ 0), then all going left (sR ≤ 0), then the HLL average.
        V right = Vector256.GreaterThanOrEqual(sL, V.Zero), left = Vector256.LessThanOrEqual(sR, V.Zero);
        return new FaceFluxes(Pick(bothDry, right, left, V.Zero, qL, qR, mass),
            Pick(bothDry, right, left, corrL, mL + corrL, mR + corrL, normal + corrL),
            Pick(bothDry, right, left, corrR, mL + corrR, mR + corrR, normal + corrR),
            Pick(bothDry, right, left, V.Zero, tL, tR, tangential));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Pick(V bothDry, V right, V left, V dry, V fromLeft, V fromRight, V average) =>
        Vector256.ConditionalSelect(bothDry, dry,
            Vector256.ConditionalSelect(right, fromLeft, Vector256.ConditionalSelect(left, fromRight, average)));

    /// <summary>The rules' order: both blocked (0), then the right one (the left cell's wall), then the left one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V WallNormal(V bothBlocked, V rightBlocked, V leftBlocked, V pushL, V pushR, V open) =>
        Vector256.ConditionalSelect(bothBlocked, V.Zero,
            Vector256.ConditionalSelect(rightBlocked, pushL, Vector256.ConditionalSelect(leftBlocked, pushR, open)));

    /// <see cref="FloodRules.WallPush"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V WallPush(V h, V towardWall, V g)
    {
        var s = Vector256.Abs(towardWall) + Vector256.Sqrt(g * h);
        return h * towardWall * towardWall + Vector256.Create(0.5) * g * h * h + s * h * towardWall;
    }

    /// <see cref="FloodRules.Advance"/>, and <see cref="FloodRules.WaveSpeed"/> of the result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AdvancedCells Advance(V h, V hu, V hv, in FaceFluxes east, in FaceFluxes west, in FaceFluxes north, in FaceFluxes south,
        V ratio, V rain, V manning, V dtg, V g, V dry)
    {
        var h1 = h - ratio * ((east.Mass - west.Mass) + (north.Mass - south.Mass)) + rain;
        var wet = Vector256.GreaterThan(h1, dry);
        var hu1 = hu - ratio * ((east.NormalLeft - west.NormalRight) + (north.Tangential - south.Tangential));
        var hv1 = hv - ratio * ((east.Tangential - west.Tangential) + (north.NormalLeft - south.NormalRight));
        var perDepth = V.One / h1;
        var speed = Vector256.Sqrt(hu1 * hu1 + hv1 * hv1) * perDepth;
        var root = CubeRoot.Inverse(h1);
        var power = root * root;
        var keep = V.One / (V.One + dtg * manning * manning * speed * (power * power));
        hu1 *= keep;
        hv1 *= keep;
        var wave = Vector256.Max(Vector256.Abs(hu1), Vector256.Abs(hv1)) * perDepth + Vector256.Sqrt(g * h1);
        return new AdvancedCells(Vector256.ConditionalSelect(wet, h1, Vector256.Max(h1, V.Zero)), Vector256.ConditionalSelect(wet, hu1, V.Zero),
            Vector256.ConditionalSelect(wet, hv1, V.Zero), Vector256.ConditionalSelect(wet, speed * keep, V.Zero),
            Vector256.ConditionalSelect(wet, wave, V.Zero));
    }
}

/// <summary>Four faces' <see cref="FaceFlux"/>, a field a vector.</summary>
internal readonly struct FaceFluxes(V mass, V normalLeft, V normalRight, V tangential)
{
    public readonly V Mass = mass, NormalLeft = normalLeft, NormalRight = normalRight, Tangential = tangential;
}

/// <summary>Four cells' <see cref="AdvancedCell"/> and their wave speeds for the next step's Courant condition.</summary>
internal readonly struct AdvancedCells(V h, V hu, V hv, V speed, V waveSpeed)
{
    public readonly V H = h, Hu = hu, Hv = hv, Speed = speed, WaveSpeed = waveSpeed;

    /// <summary>These cells with the blocked ones (lanes all bits set in <paramref name="blocked"/>) empty and still.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AdvancedCells Open(V blocked) => new(Vector256.ConditionalSelect(blocked, V.Zero, H), Vector256.ConditionalSelect(blocked, V.Zero, Hu),
        Vector256.ConditionalSelect(blocked, V.Zero, Hv), Vector256.ConditionalSelect(blocked, V.Zero, Speed),
        Vector256.ConditionalSelect(blocked, V.Zero, WaveSpeed));
}
