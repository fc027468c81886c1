namespace CityMesh.Simulation.Solar.Shading;

/// <summary>
/// The per-sample sum over a block of suns, which the managed path and the ILGPU kernel both run (the same code, so the
/// same bits on ILGPU's CPU accelerator). Per sun: the light from the sun's direction (beam and circumsolar) on the
/// plane if it faces the sun and no building is in the way, plus the isotropic sky and the ground by the plane's view
/// factors (a neighbour's loss of sky view is not modelled: it would take a hemisphere of rays per sample); then the
/// PV system's AC power at that irradiance and the hour's temperature.
/// Suns come in blocks of <see cref="SunsPerBlock"/> so a GPU has samples × blocks threads (a city of 10,000 roofs
/// is ~50,000 samples, too few threads alone) and the sums are fixed-order partials that the host adds in order.
/// </summary>
internal static class YieldRules
{
    public const int SunsPerBlock = 256;

    public static int Blocks(int suns) => (suns + SunsPerBlock - 1) / SunsPerBlock;

    public static SunBlockSums Accumulate<TScene>(TScene s, int sample, int block, PvConstants pv)
        where TScene : struct, ISolarScene
    {
        int first = block * SunsPerBlock, end = Math.Min(first + SunsPerBlock, s.Suns);
        float px = s.SampleX(sample), py = s.SampleY(sample), pz = s.SampleZ(sample);
        int own = s.SampleBuilding(sample);
        double ne = s.NormalEast(sample), nn = s.NormalNorth(sample), nu = s.NormalUp(sample);
        double viewSky = (1.0 + nu) / 2.0, viewGround = (1.0 - nu) / 2.0;
        double poa = 0.0, ac = 0.0;
        int shaded = 0, cast = 0;
        for (int k = first; k < end; k++)
        {
            double cosIncidence = ne * s.SunEast(k) + nn * s.SunNorth(k) + nu * s.SunUp(k);
            double fromSun = cosIncidence > 0.0 ? cosIncidence * s.SunBeam(k) : 0.0;
            if (fromSun > 0.0)
            {
                cast++;
                if (ShadowRay.Blocked(s, px, py, pz, own, s.SunDx(k), s.SunDy(k), s.SunCot(k)))
                {
                    shaded++;
                    fromSun = 0.0;
                }
            }
            double irradiance = fromSun + viewSky * s.SunSky(k) + viewGround * s.SunGround(k);
            double hours = s.SunHours(k);
            poa += irradiance * hours;
            ac += pv.AcPerKwp(irradiance, s.SunAmbient(k)) * hours;
        }
        return new SunBlockSums(poa, ac, shaded, cast);
    }
}
