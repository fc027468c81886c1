using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Solar;
using CityMesh.Simulation.Solar.Irradiance;
using CityMesh.Simulation.Solar.Position;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// The AC output of a kWp of PV, per interval, under a clear sky at the site, from the project's solar model
/// (services/CityMesh.Simulation/Solar/README.md): the NREL SPA's sun at the interval's middle, Ineichen–Perez clear-sky
/// irradiance (the spec's Linke turbidity, sea level), Hay–Davies plane-of-array irradiance on the modules' tilt and
/// azimuth (albedo 0.2), and the PVWatts-style system of <see cref="PvSystem"/>'s defaults: DC = POA / 1000 ·
/// (1 + γ (Tcell − 25 °C)) with Sandia's cell temperature from the interval's air temperature, AC = DC · (1 − 14 %) ·
/// 96 %, clipped at 1 / 1.2 of the kWp. A clear day is the one that stresses a grid with PV; clouds only lower it.
/// </summary>
public static class PvOutput
{
    public const double Albedo = 0.2;

    /// <param name="start">Local midnight of the first day.</param>
    /// <param name="temperature">Air temperature per interval, °C (the cell heats above it).</param>
    public static double[] PerKwp(PvGrowthSpec pv, EnergySiteSpec site, DateTime start, int intervals, double intervalHours, double[] temperature)
    {
        var observer = new SolarObserver(site.Latitude ?? 0, site.Longitude ?? 0);
        var sky = new IneichenPerezClearSky(pv.LinkeTurbidity);
        var normal = new RoofPlane(pv.TiltDegrees, pv.AzimuthDegrees).Normal;
        var system = new PvSystem();
        var offset = TimeSpan.FromHours(site.UtcOffsetHours);
        var output = new double[intervals];
        for (int t = 0; t < intervals; t++)
        {
            var middle = new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Unspecified).AddHours((t + 0.5) * intervalHours), offset);
            output[t] = AcPerKwp(PlaneOfArray(middle, observer, sky, normal), temperature[t], system);
        }
        return output;
    }

    /// <summary>Plane-of-array irradiance, W/m², under the clear sky at <paramref name="time"/>.</summary>
    public static double PlaneOfArray(DateTimeOffset time, SolarObserver observer, IneichenPerezClearSky sky, (double East, double North, double Up) normal)
    {
        var sun = SolarPositionAlgorithm.Compute(time, observer);
        if (!sun.IsUp) return 0;
        var clear = sky.At(sun.Zenith, sun.RadiusVector);
        double extraterrestrial = IneichenPerezClearSky.SolarConstant / (sun.RadiusVector * sun.RadiusVector);
        return HayDavies.On(normal, HayDavies.SunDirection(sun.Zenith, sun.Azimuth), clear, extraterrestrial, Albedo).Total;
    }

    /// <summary>AC kW per kWp at <paramref name="poa"/> W/m² and air at <paramref name="ambient"/> °C (PVWatts v5 as <see cref="PvSystem"/> states it).</summary>
    public static double AcPerKwp(double poa, double ambient, PvSystem system)
    {
        double cell = ambient + poa * system.HeatPerIrradiance;
        double dc = poa / 1000.0 * (1.0 + system.TemperatureCoefficient * (cell - 25.0));
        double ac = dc * (1.0 - system.Losses) * system.InverterEfficiency;
        return Math.Clamp(ac, 0.0, 1.0 / system.DcToAcRatio);
    }
}
