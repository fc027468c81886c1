using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// The numerics, once, for the managed path and the ILGPU kernels (README.md): an HLL flux on the hydrostatically
/// reconstructed states (Audusse et al. 2004), walls as mirror states, open edges as the cell's own flux, the update
/// with rain and semi-implicit Manning friction, point sources and the wave speed for the time step. Pure functions
/// of doubles in a fixed order of operations, so both backends get the same bits from the same state.
/// </summary>
internal static class FloodRules
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Velocity(double h, double q, double dry) => h > dry ? q / h : 0.0;

    /// <summary>
    /// The flux across the face between a left cell (hL, discharges qnL normal and qtL tangential, bed zL) and a
    /// right cell, either of them possibly blocked (a wall to the other).
    /// </summary>
    public static FaceFlux Between(bool leftBlocked, bool rightBlocked, double hL, double qnL, double qtL, double zL,
        double hR, double qnR, double qtR, double zR, double g, double dry)
    {
        if (leftBlocked && rightBlocked) return default;
        if (rightBlocked) return Wall(hL, Velocity(hL, qnL, dry), g);
        if (leftBlocked) return Wall(hR, -Velocity(hR, qnR, dry), g);
        return Face(hL, Velocity(hL, qnL, dry), Velocity(hL, qtL, dry), zL, hR, Velocity(hR, qnR, dry), Velocity(hR, qtR, dry), zR, g);
    }

    /// <summary>The flux across an outer edge of the grid; <paramref name="cellIsLeft"/> for the east and north edges.</summary>
    public static FaceFlux Edge(bool open, bool cellIsLeft, double h, double qn, double qt, double g, double dry)
    {
        double un = Velocity(h, qn, dry);
        if (open) return Open(h, un, Velocity(h, qt, dry), g);
        return Wall(h, cellIsLeft ? un : -un, g);
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
        double mass, normal, tangential;
        if (sL >= 0.0)
        {
            mass = qL;
            normal = mL;
            tangential = tL;
        }
        else if (sR <= 0.0)
        {
            mass = qR;
            normal = mR;
            tangential = tR;
        }
        else
        {
            double span = sR - sL, both = sL * sR;
            mass = (sR * qL - sL * qR + both * (hRs - hLs)) / span;
            normal = (sR * mL - sL * mR + both * (qR - qL)) / span;
            tangential = (sR * tL - sL * tR + both * (hRs * utR - hLs * utL)) / span;
        }
        return new FaceFlux(mass, normal + corrL, normal + corrR, tangential);
    }

    /// <summary>
    /// A wall: HLL against the cell's mirror image (same depth, normal velocity reversed), written out so nothing
    /// crosses it exactly; <paramref name="towardWall"/> is the cell's velocity into the wall. At rest it is the
    /// hydrostatic pressure g h² / 2 exactly.
    /// </summary>
    public static FaceFlux Wall(double h, double towardWall, double g)
    {
        double s = Math.Abs(towardWall) + Math.Sqrt(g * h);
        double push = h * towardWall * towardWall + 0.5 * g * h * h + s * h * towardWall;
        return new FaceFlux(0.0, push, push, 0.0);
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
    /// rest instead of reversing it: q ← q / (1 + dt g n² |u| / h^(4/3)). Dry cells (h ≤ dry) keep their water, lose
    /// their velocity; a negative depth (not seen at the default Cfl 0.5) is set to 0, which the mass balance would show.
    /// </summary>
    public static CellState Advance(double h, double hu, double hv, FaceFlux east, FaceFlux west, FaceFlux north, FaceFlux south,
        double ratio, double rain, double manning, double dt, double g, double dry)
    {
        double h1 = h - ratio * ((east.Mass - west.Mass) + (north.Mass - south.Mass)) + rain;
        if (h1 <= dry) return new CellState(Math.Max(h1, 0.0), 0.0, 0.0);
        double hu1 = hu - ratio * ((east.NormalLeft - west.NormalRight) + (north.Tangential - south.Tangential));
        double hv1 = hv - ratio * ((east.Tangential - west.Tangential) + (north.NormalLeft - south.NormalRight));
        if (manning > 0.0)
        {
            double speed = Math.Sqrt(hu1 * hu1 + hv1 * hv1) / h1;
            double slow = 1.0 + dt * g * manning * manning * speed / Math.Pow(h1, 4.0 / 3.0);
            hu1 /= slow;
            hv1 /= slow;
        }
        return new CellState(h1, hu1, hv1);
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

    /// <summary>The fastest signal in a cell, max(|u|, |v|) + √(g h), for the Courant condition; 0 where dry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WaveSpeed(double h, double hu, double hv, double g, double dry) =>
        h > dry ? Math.Max(Math.Abs(hu / h), Math.Abs(hv / h)) + Math.Sqrt(g * h) : 0.0;

    /// <summary>The flow speed |(u, v)|, for the maximum-speed raster.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FlowSpeed(double h, double hu, double hv, double dry) =>
        h > dry ? Math.Sqrt(hu * hu + hv * hv) / h : 0.0;
}
