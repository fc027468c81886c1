using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// <see cref="FloodRules"/> a vector of cells (or faces) at a time, in lanes of width <typeparamref name="T"/>, branch-free:
/// every case the rules branch on (wet or dry sides, which way the waves go, walls) is computed in every lane and each
/// lane's case chosen by a mask (<see cref="ILanes{T}.Select"/>), so lanes on either side of a front take the same
/// instructions. Each line is the rules' line with the same operations in the same order and no fused multiply-add,
/// so a lane's result is the rules' result to the bit (tested); a case no lane needs is skipped by a branch on the
/// whole vector (every face dry; no dry side; no wall in reach), which gives the same bits as selecting it away.
/// </summary>
internal static class FloodLanes<T> where T : struct, ILanes<T>
{
    /// <see cref="FloodRules.InverseDepth"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T InverseDepth(T h, T dry) => T.Select(T.GreaterThan(h, dry), T.Create(1.0) / h, T.Zero);

    /// <summary>
    /// <see cref="FloodRules.Between"/>, the left and right cells' blocked flags as words (<see cref="ILanes{T}.FlagWord"/>):
    /// where neither side has a wall, as in most of a city, the walls are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FaceFluxes<T> Between(ulong leftFlags, ulong rightFlags, T hL, T unL, T utL, T zL, T hR, T unR, T utR, T zR, T g)
    {
        var face = Face(hL, unL, utL, zL, hR, unR, utR, zR, g);
        if ((leftFlags | rightFlags) == 0) return face;
        T leftBlocked = T.Flags(leftFlags), rightBlocked = T.Flags(rightFlags);
        T pushL = WallPush(hL, unL, g), pushR = WallPush(hR, -unR, g);
        T bothBlocked = leftBlocked & rightBlocked, eitherBlocked = leftBlocked | rightBlocked;
        return new FaceFluxes<T>(T.Select(eitherBlocked, T.Zero, face.Mass),
            WallNormal(bothBlocked, rightBlocked, leftBlocked, pushL, pushR, face.NormalLeft),
            WallNormal(bothBlocked, rightBlocked, leftBlocked, pushL, pushR, face.NormalRight),
            T.Select(eitherBlocked, T.Zero, face.Tangential));
    }

    /// <see cref="FloodRules.Face"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FaceFluxes<T> Face(T hL, T unL, T utL, T zL, T hR, T unR, T utR, T zR, T g)
    {
        var zs = T.Max(zL, zR);
        T hLs = T.Max(T.Zero, hL + zL - zs), hRs = T.Max(T.Zero, hR + zR - zs);
        var half = T.Create(0.5) * g;
        T corrL = half * (hL * hL - hLs * hLs), corrR = half * (hR * hR - hRs * hRs);
        T leftDry = T.LessThanOrEqual(hLs, T.Zero), rightDry = T.LessThanOrEqual(hRs, T.Zero);
        var bothDry = leftDry & rightDry;
        if (T.AllSet(bothDry)) return new FaceFluxes<T>(T.Zero, corrL, corrR, T.Zero);
        T cL = T.Sqrt(g * hLs), cR = T.Sqrt(g * hRs);
        // Wave speeds of Toro's HLL, with the dry-bed front speed u ± 2c where one side is dry (chosen after the wet
        // sides' speeds, which is the same; skipped where every lane is wet on both sides, as in most of a flood).
        T sL = T.Min(unL - cL, unR - cR), sR = T.Max(unL + cL, unR + cR);
        if (T.AnySet(leftDry | rightDry))
        {
            var two = T.Create(2.0);
            sL = T.Select(leftDry, unR - two * cR, T.Select(rightDry, unL - cL, sL));
            sR = T.Select(leftDry, unR + cR, T.Select(rightDry, unL + two * cL, sR));
        }
        T qL = hLs * unL, qR = hRs * unR;
        T mL = qL * unL + half * hLs * hLs, mR = qR * unR + half * hRs * hRs;
        T tL = qL * utL, tR = qR * utR;
        T perSpan = T.Create(1.0) / (sR - sL), both = sL * sR;
        var mass = (sR * qL - sL * qR + both * (hRs - hLs)) * perSpan;
        var normal = (sR * mL - sL * mR + both * (qR - qL)) * perSpan;
        var tangential = (sR * tL - sL * tR + both * (hRs * utR - hLs * utL)) * perSpan;
        // The rules' order: all going right (sL ≥ 0), then all going left (sR ≤ 0), then the HLL average; and before
        // those, both sides dry (no lane of it in most vectors).
        T right = T.GreaterThanOrEqual(sL, T.Zero), left = T.LessThanOrEqual(sR, T.Zero);
        var faces = new FaceFluxes<T>(Pick(right, left, qL, qR, mass), Pick(right, left, mL + corrL, mR + corrL, normal + corrL),
            Pick(right, left, mL + corrR, mR + corrR, normal + corrR), Pick(right, left, tL, tR, tangential));
        if (!T.AnySet(bothDry)) return faces;
        return new FaceFluxes<T>(T.Select(bothDry, T.Zero, faces.Mass), T.Select(bothDry, corrL, faces.NormalLeft),
            T.Select(bothDry, corrR, faces.NormalRight), T.Select(bothDry, T.Zero, faces.Tangential));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Pick(T right, T left, T fromLeft, T fromRight, T average) => T.Select(right, fromLeft, T.Select(left, fromRight, average));

    /// <summary>The rules' order: both blocked (0), then the right one (the left cell's wall), then the left one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T WallNormal(T bothBlocked, T rightBlocked, T leftBlocked, T pushL, T pushR, T open) =>
        T.Select(bothBlocked, T.Zero, T.Select(rightBlocked, pushL, T.Select(leftBlocked, pushR, open)));

    /// <see cref="FloodRules.WallPush"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T WallPush(T h, T towardWall, T g)
    {
        var s = T.Abs(towardWall) + T.Sqrt(g * h);
        return h * towardWall * towardWall + T.Create(0.5) * g * h * h + s * h * towardWall;
    }

    /// <see cref="FloodRules.Advance"/>, and <see cref="FloodRules.WaveSpeed"/> of the result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AdvancedCells<T> Advance(T h, T hu, T hv, in FaceFluxes<T> east, in FaceFluxes<T> west, in FaceFluxes<T> north,
        in FaceFluxes<T> south, T ratio, T rain, T manning, T dtg, T g, T dry)
    {
        var h1 = h - ratio * ((east.Mass - west.Mass) + (north.Mass - south.Mass)) + rain;
        var wet = T.GreaterThan(h1, dry);
        var hu1 = hu - ratio * ((east.NormalLeft - west.NormalRight) + (north.Tangential - south.Tangential));
        var hv1 = hv - ratio * ((east.Tangential - west.Tangential) + (north.NormalLeft - south.NormalRight));
        var perDepth = T.Create(1.0) / h1;
        var speed = T.Sqrt(hu1 * hu1 + hv1 * hv1) * perDepth;
        var root = CubeRoot.Inverse(h1);
        var power = root * root;
        var keep = T.Create(1.0) / (T.Create(1.0) + dtg * manning * manning * speed * (power * power));
        hu1 = hu1 * keep;
        hv1 = hv1 * keep;
        var wave = T.Max(T.Abs(hu1), T.Abs(hv1)) * perDepth + T.Sqrt(g * h1);
        return new AdvancedCells<T>(T.Select(wet, h1, T.Max(h1, T.Zero)), T.Select(wet, hu1, T.Zero), T.Select(wet, hv1, T.Zero),
            T.Select(wet, speed * keep, T.Zero), T.Select(wet, wave, T.Zero));
    }
}

/// <summary>A vector of faces' <see cref="FaceFlux"/>, a field a vector.</summary>
internal readonly struct FaceFluxes<T>(T mass, T normalLeft, T normalRight, T tangential) where T : struct, ILanes<T>
{
    public readonly T Mass = mass, NormalLeft = normalLeft, NormalRight = normalRight, Tangential = tangential;
}

/// <summary>A vector of cells' <see cref="AdvancedCell"/> and their wave speeds for the next step's Courant condition.</summary>
internal readonly struct AdvancedCells<T>(T h, T hu, T hv, T speed, T waveSpeed) where T : struct, ILanes<T>
{
    public readonly T H = h, Hu = hu, Hv = hv, Speed = speed, WaveSpeed = waveSpeed;

    /// <summary>These cells with the blocked ones (lanes set in <paramref name="blocked"/>) empty and still.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AdvancedCells<T> Open(T blocked) => new(T.Select(blocked, T.Zero, H), T.Select(blocked, T.Zero, Hu), T.Select(blocked, T.Zero, Hv),
        T.Select(blocked, T.Zero, Speed), T.Select(blocked, T.Zero, WaveSpeed));
}
