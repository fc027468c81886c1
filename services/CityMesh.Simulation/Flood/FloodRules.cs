using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// The numerics, once, written for reading: the code the ILGPU kernels run, the managed path's scalar edges and tails,
/// and the oracle of its lanes (<see cref="FloodLanes"/> does the same operations in the same order, four cells at a
/// time). An HLL flux on the hydrostatically reconstructed states (Audusse et al. 2004), walls as mirror states, open
/// edges as the cell's own flux, the update with rain and semi-implicit Manning friction, point sources and the wave
/// speed for the time step. Pure functions of doubles in a fixed order of operations, with no fused multiply-add, so
/// every backend gets the same bits from the same state. The faces take velocities, which a caller computes once per
/// cell (<see cref="Velocity"/>); a division costs as much as a dozen products, so each is by a reciprocal taken once.
/// </summary>
internal static class FloodRules
{
    /// <summary>1 / h where the cell is wet, 0 where it is dry (h ≤ <paramref name="dry"/>): a dry cell has no velocity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double InverseDepth(double h, double dry) => h > dry ? 1.0 / h : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Velocity(double h, double q, double dry) => q * InverseDepth(h, dry);

    /// <summary>
    /// The flux across the face between a left cell (depth hL, velocities unL normal and utL tangential, bed zL) and
    /// a right cell, either of them possibly blocked (a wall to the other).
    /// </summary>
    public static FaceFlux Between(bool leftBlocked, bool rightBlocked, double hL, double unL, double utL, double zL,
        double hR, double unR, double utR, double zR, double g)
    {
        if (leftBlocked && rightBlocked) return default;
        if (rightBlocked) return Wall(hL, unL, g);
        if (leftBlocked) return Wall(hR, -unR, g);
        return Face(hL, unL, utL, zL, hR, unR, utR, zR, g);
    }

    /// <summary>
    /// The flux across an outer edge of the grid; <paramref name="cellIsLeft"/> for the east and north edges. An open
    /// edge is a free outfall: water flowing out leaves with its own flux (<see cref="Open"/>), but none comes in: where
    /// the cell's flow points into the grid, or it is still, the edge is a wall. A transmissive edge that let water in
    /// would be a spring wherever rain runs down a slope into the grid: the edge cell's ghost copies its inward flow,
    /// so every step the edge feeds the grid that discharge again, from nowhere (a rained-on valley filled 25 m deep).
    /// </summary>
    public static FaceFlux Edge(bool open, bool cellIsLeft, double h, double un, double ut, double g)
    {
        double outward = cellIsLeft ? un : -un;
        return open && outward > 0.0 ? Open(h, un, ut, g) : Wall(h, outward, g);
    }

    /// <summary>
    /// HLL on the hydrostatic reconstruction: both sides' depths cut to the higher bed, h* = max(0, h + z − max(zL, zR)),
    /// so a lake at rest sees equal states and no flux but its pressure, and water never flows up a dry step. The
    /// pressure the cut removed, g/2 (h² − h*²), goes back on each side's normal momentum: that is the bed slope
    /// source, in a form that balances the pressure exactly at rest.
    /// </summary>
    public static FaceFlux Face(double hL, double unL, double utL, double zL, double hR, double unR, double utR, double zR, double g)
    {
        double zs = Math.Max(zL, zR);
        double hLs = Math.Max(0.0, hL + zL - zs), hRs = Math.Max(0.0, hR + zR - zs);
        double half = 0.5 * g;
        double corrL = half * (hL * hL - hLs * hLs), corrR = half * (hR * hR - hRs * hRs);
        if (hLs <= 0.0 && hRs <= 0.0) return new FaceFlux(0.0, corrL, corrR, 0.0);
        double cL = Math.Sqrt(g * hLs), cR = Math.Sqrt(g * hRs);
        double sL, sR;
        // Wave speeds of Toro's HLL, with the dry-bed front speed u ± 2c where one side is dry.
        if (hLs <= 0.0)
        {
            sL = unR - 2.0 * cR;
            sR = unR + cR;
        }
        else if (hRs <= 0.0)
        {
            sL = unL - cL;
            sR = unL + 2.0 * cL;
        }
        else
        {
            sL = Math.Min(unL - cL, unR - cR);
            sR = Math.Max(unL + cL, unR + cR);
        }
        double qL = hLs * unL, qR = hRs * unR;
        double mL = qL * unL + half * hLs * hLs, mR = qR * unR + half * hRs * hRs;
        double tL = qL * utL, tR = qR * utR;
        if (sL >= 0.0) return new FaceFlux(qL, mL + corrL, mL + corrR, tL);
        if (sR <= 0.0) return new FaceFlux(qR, mR + corrL, mR + corrR, tR);
        double perSpan = 1.0 / (sR - sL), both = sL * sR;
        double mass = (sR * qL - sL * qR + both * (hRs - hLs)) * perSpan;
        double normal = (sR * mL - sL * mR + both * (qR - qL)) * perSpan;
        double tangential = (sR * tL - sL * tR + both * (hRs * utR - hLs * utL)) * perSpan;
        return new FaceFlux(mass, normal + corrL, normal + corrR, tangential);
    }

    /// <summary>
    /// A wall: HLL against the cell's mirror image (same depth, normal velocity reversed), written out so nothing
    /// crosses it exactly; <paramref name="towardWall"/> is the cell's velocity into the wall. At rest it is the
    /// hydrostatic pressure g h² / 2 exactly.
    /// </summary>
    public static FaceFlux Wall(double h, double towardWall, double g)
    {
        double push = WallPush(h, towardWall, g);
        return new FaceFlux(0.0, push, push, 0.0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WallPush(double h, double towardWall, double g)
    {
        double s = Math.Abs(towardWall) + Math.Sqrt(g * h);
        return h * towardWall * towardWall + 0.5 * g * h * h + s * h * towardWall;
    }

    /// <summary>A transmissive edge: the ghost cell is a copy, so the flux is the cell's own physical flux.</summary>
    public static FaceFlux Open(double h, double un, double ut, double g)
    {
        double q = h * un;
        double normal = q * un + 0.5 * g * h * h;
        return new FaceFlux(q, normal, normal, q * ut);
    }

    /// <summary>
    /// The cell after a step of <paramref name="dt"/>: the flux balance (ratio = dt / cell), the rain's depth, then
    /// Manning friction, semi-implicit (the friction slope's velocity at the new time), so it slows a thin sheet to
    /// rest instead of reversing it: q ← q / (1 + dt g n² |u| h^(−4/3)), with h^(−4/3) from <see cref="CubeRoot"/>
    /// (n = 0 gives exactly 1 there, so no branch). Dry cells (h ≤ dry) keep their water, lose their velocity; a
    /// negative depth (not seen at the default Cfl 0.5) is set to 0, which the mass balance would show. The flow speed
    /// for the maximum-speed raster is |u| times the same factor.
    /// </summary>
    public static AdvancedCell Advance(double h, double hu, double hv, FaceFlux east, FaceFlux west, FaceFlux north, FaceFlux south,
        double ratio, double rain, double manning, double dtg, double dry)
    {
        double h1 = h - ratio * ((east.Mass - west.Mass) + (north.Mass - south.Mass)) + rain;
        if (h1 <= dry) return new AdvancedCell(Math.Max(h1, 0.0), 0.0, 0.0, 0.0);
        double hu1 = hu - ratio * ((east.NormalLeft - west.NormalRight) + (north.Tangential - south.Tangential));
        double hv1 = hv - ratio * ((east.Tangential - west.Tangential) + (north.NormalLeft - south.NormalRight));
        double speed = Math.Sqrt(hu1 * hu1 + hv1 * hv1) * (1.0 / h1);
        double root = CubeRoot.Inverse(h1), power = root * root;
        double keep = 1.0 / (1.0 + dtg * manning * manning * speed * (power * power));
        return new AdvancedCell(h1, hu1 * keep, hv1 * keep, speed * keep);
    }

    /// <summary>
    /// The volume (m³) a point source moves this step: all of an inflow's, at most what the cell holds for a pump
    /// (<paramref name="volume"/> negative).
    /// </summary>
    public static double Moved(double h, double volume, double area) => volume >= 0.0 ? volume : -Math.Min(-volume, h * area);

    /// <summary>The cell after a point source moved <paramref name="moved"/> m³: inflow comes at rest (the discharge
    /// stays), a pump takes water at the cell's velocity (the velocity stays).</summary>
    public static CellState AfterSource(double h, double hu, double hv, double moved, double area, double dry)
    {
        if (moved >= 0.0)
        {
            double filled = h + moved / area;
            return filled > dry ? new CellState(filled, hu, hv) : new CellState(filled, 0.0, 0.0);
        }
        double left = -moved >= h * area ? 0.0 : h + moved / area;
        if (left <= dry) return new CellState(left, 0.0, 0.0);
        double keep = left / h;
        return new CellState(left, hu * keep, hv * keep);
    }

    /// <summary>
    /// The fastest signal in a cell, max(|u|, |v|) + √(g h), for the Courant condition; 0 where dry. The larger
    /// discharge times 1 / h: one division for both directions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WaveSpeed(double h, double hu, double hv, double g, double dry) =>
        h > dry ? Math.Max(Math.Abs(hu), Math.Abs(hv)) * (1.0 / h) + Math.Sqrt(g * h) : 0.0;
}
