using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Simulation.Solar.Gpu;
using CityMesh.Simulation.Solar.Shading;

namespace CityMesh.Simulation.Solar;

/// <summary>
/// Rooftop solar potential of a city (README.md): the year's sun positions by the NREL SPA, clear-sky light by
/// Ineichen–Perez on each roof plane by Hay–Davies, shading by the other buildings ray by ray (an ILGPU kernel with the
/// managed fallback), summed to kWh/m² a year, classed as Helsinki's atlas does, and a PVWatts-style system yield.
/// Deterministic: the same inputs give the same bits on a backend, and the managed path's on ILGPU's CPU accelerator.
/// </summary>
public static class RoofSolar
{
    /// <summary>
    /// Assesses <paramref name="buildings"/> (local metres, see <see cref="RoofFootprint"/>) at (<paramref name="latitude"/>,
    /// <paramref name="longitude"/>) over <paramref name="year"/> in local standard time UTC + <paramref name="utcOffset"/>,
    /// on <paramref name="backend"/> (an ILGPU device, or managed when it has none or is null).
    /// </summary>
    public static SolarAssessment Assess(IReadOnlyList<RoofFootprint> buildings, double latitude, double longitude, TimeSpan utcOffset,
        int year, SolarOptions? options = null, ComputeSelection? backend = null)
    {
        options ??= new SolarOptions();
        var suns = SunTable.For(year, latitude, longitude, utcOffset, options);
        return Assess(buildings, suns, options, backend?.Device);
    }

    /// <summary>
    /// Assesses <paramref name="buildings"/> under the suns of <paramref name="suns"/> (made once, for several runs) on
    /// <paramref name="device"/>, or managed when it is null.
    /// </summary>
    public static SolarAssessment Assess(IReadOnlyList<RoofFootprint> buildings, SunTable suns, SolarOptions options, ComputeDevice? device)
    {
        ArgumentNullException.ThrowIfNull(suns);
        ArgumentNullException.ThrowIfNull(options);
        using ISolarKernels kernels = device is not null ? new IlgpuSolarKernels(device) : new ManagedSolarKernels();
        return Assess(buildings, suns, options, kernels);
    }

    internal static SolarAssessment Assess(IReadOnlyList<RoofFootprint> buildings, SunTable suns, SolarOptions options, ISolarKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        var problems = options.Problems().Concat(buildings.SelectMany(b => b.Problems())).ToList();
        if (buildings.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count() != buildings.Count) problems.Add("building ids must be unique");
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems.Take(20)), nameof(buildings));

        var city = CityBlocks.From(buildings, options.GridCellSize);
        var samples = RoofSamples.For(buildings, city.OriginX, city.OriginY, options.DefaultPitch);
        var sums = new SolarSums(samples.Count, YieldRules.Blocks(suns.Count));
        var pv = options.Pv.Constants;
        long start = Stopwatch.GetTimestamp();
        kernels.Run(city, samples, suns, pv, sums);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var unshaded = Unshaded(samples, suns, pv);

        var roofs = new RoofSolarResult[buildings.Count];
        for (int r = 0; r < buildings.Count; r++)
        {
            double poa = 0, ac = 0, open = 0;
            long shaded = 0, cast = 0;
            int first = samples.First[r], end = samples.First[r + 1];
            for (int s = first; s < end; s++)
            {
                for (int b = 0; b < sums.Blocks; b++)
                {
                    int i = s * sums.Blocks + b;
                    open += unshaded[i];
                    poa += sums.Poa[i];
                    ac += sums.Ac[i];
                    shaded += sums.Shaded[i];
                    cast += sums.Cast[i];
                }
            }
            int n = end - first;
            double kwhPerM2 = poa / n / 1000.0, specific = ac / n;
            double kwp = samples.SurfaceArea[r] * options.Pv.UsableFraction * options.Pv.ModuleEfficiency;
            roofs[r] = new RoofSolarResult(buildings[r].Id, kwhPerM2, SolarClasses.Of(kwhPerM2), cast == 0 ? 0 : (double)shaded / cast,
                open / n / 1000.0, samples.SurfaceArea[r], kwp, specific, kwp * specific);
        }
        return new SolarAssessment(roofs, kernels.Description, suns.Count, samples.Count, suns.AnnualGhi, kernels.KernelSeconds, seconds);
    }

    /// <summary>
    /// Each sample's irradiation (Wh/m²) per block of suns with nothing around it: the same sums with no building to
    /// stop a ray (on the host: no rays are walked, so it costs a few dot products a pair), added in the same order.
    /// </summary>
    private static double[] Unshaded(RoofSamples samples, SunTable suns, PvConstants pv)
    {
        int blocks = YieldRules.Blocks(suns.Count);
        var open = new double[samples.Count * blocks];
        var scene = new ArrayScene(CityBlocks.From([], 1.0), samples, suns);
        Parallel.For(0, samples.Count, s =>
        {
            for (int b = 0; b < blocks; b++) open[s * blocks + b] = YieldRules.Accumulate(scene, s, b, pv).Poa;
        });
        return open;
    }
}
