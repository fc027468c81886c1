using CityMesh.Simulation.Solar.Irradiance;
using CityMesh.Simulation.Solar.Position;

namespace CityMesh.Simulation.Solar;

/// <summary>
/// The sun positions of a year that are above the horizon, with their clear-sky light, as structure-of-arrays:
/// one SPA solution and one Ineichen–Perez evaluation per step, at the middle of each step of local standard time.
/// Everything a roof needs that does not depend on the roof is here, once, so the per-roof loop is dot products,
/// a ray, and a few multiplications.
/// </summary>
public sealed class SunTable
{
    public required int Count { get; init; }
    public required DateTimeOffset[] Time { get; init; }
    public required double[] Zenith { get; init; }
    public required double[] Azimuth { get; init; }
    public required double[] Ghi { get; init; }
    public required double[] Dni { get; init; }
    public required double[] Dhi { get; init; }
    internal float[] Dx { get; init; } = [];
    internal float[] Dy { get; init; } = [];
    internal float[] Cot { get; init; } = [];
    internal double[] East { get; init; } = [];
    internal double[] North { get; init; } = [];
    internal double[] Up { get; init; } = [];
    internal double[] Beam { get; init; } = [];
    internal double[] Sky { get; init; } = [];
    internal double[] Ground { get; init; } = [];
    internal double[] Ambient { get; init; } = [];
    internal double[] Hours { get; init; } = [];

    /// <summary>The hours the table spans (the steps with the sun down included): 8,760 or 8,784.</summary>
    public required double YearHours { get; init; }

    /// <summary>
    /// Clear-sky GHI summed over the year, kWh/m², scaled by the monthly clear-sky index: what an unshaded flat roof
    /// receives (the assessment's consistency check).
    /// </summary>
    public double AnnualGhi
    {
        get
        {
            double sum = 0;
            for (int k = 0; k < Count; k++) sum += Ghi[k] * Hours[k];
            return sum / 1000.0;
        }
    }

    /// <summary>
    /// The suns of <paramref name="year"/> at (<paramref name="latitude"/>, <paramref name="longitude"/>), local
    /// standard time UTC + <paramref name="utcOffset"/> (no daylight saving: a step is a step).
    /// </summary>
    public static SunTable For(int year, double latitude, double longitude, TimeSpan utcOffset, SolarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        var observer = new SolarObserver(latitude, longitude, options.ClearSky.Altitude,
            AirMass.StandardPressure(options.ClearSky.Altitude) / 100.0, TemperatureC: options.MonthlyAmbient.Average());
        var observerProblems = observer.Problems();
        if (observerProblems.Count > 0) throw new ArgumentException(string.Join("; ", observerProblems));
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, utcOffset);
        int steps = (int)Math.Round((start.AddYears(1) - start).TotalMinutes / options.StepMinutes);
        double stepHours = options.StepMinutes / 60.0;
        var rows = new List<int>(steps / 2 + 1);
        var positions = new SunPosition[steps];
        // The SPA is ~200 series terms a step: over the cores (a year of hours takes ~20 ms on one).
        Parallel.For(0, steps, i => positions[i] = SolarPositionAlgorithm.Compute(
            start.AddMinutes((i + 0.5) * options.StepMinutes), observer, options.DeltaT));
        for (int i = 0; i < steps; i++)
            if (positions[i].IsUp) rows.Add(i);

        int n = rows.Count;
        var table = new SunTable
        {
            Count = n, Time = new DateTimeOffset[n], Zenith = new double[n], Azimuth = new double[n],
            Ghi = new double[n], Dni = new double[n], Dhi = new double[n],
            Dx = new float[n], Dy = new float[n], Cot = new float[n],
            East = new double[n], North = new double[n], Up = new double[n],
            Beam = new double[n], Sky = new double[n], Ground = new double[n], Ambient = new double[n], Hours = new double[n],
            YearHours = steps * stepHours,
        };
        for (int k = 0; k < n; k++)
        {
            int i = rows[k];
            var sun = positions[i];
            var time = start.AddMinutes((i + 0.5) * options.StepMinutes);
            double index = options.MonthlyClearSkyIndex[time.Month - 1];
            var clear = options.ClearSky.At(sun.Zenith, sun.RadiusVector);
            var sky = new ClearSkyIrradiance(clear.Ghi * index, clear.Dni * index, clear.Dhi * index);
            var direction = HayDavies.SunDirection(sun.Zenith, sun.Azimuth);
            double horizontal = Math.Sqrt(direction.East * direction.East + direction.North * direction.North);
            double extraterrestrial = IneichenPerezClearSky.SolarConstant / (sun.RadiusVector * sun.RadiusVector);
            // Hay–Davies' anisotropy index from the clear beam (a cloud index scales both, so A is the clear sky's).
            double anisotropy = HayDavies.Anisotropy(clear.Dni, extraterrestrial, direction.Up, options.IsotropicSky);
            table.Time[k] = time;
            table.Zenith[k] = sun.Zenith;
            table.Azimuth[k] = sun.Azimuth;
            table.Ghi[k] = sky.Ghi;
            table.Dni[k] = sky.Dni;
            table.Dhi[k] = sky.Dhi;
            // A sun straight overhead (the tropics) has no horizontal direction: its ray has no run (cot 0), and nothing
            // but its own roof is above the point.
            bool overhead = horizontal < 1e-12;
            table.Dx[k] = overhead ? 1f : (float)(direction.East / horizontal);
            table.Dy[k] = overhead ? 0f : (float)(direction.North / horizontal);
            table.Cot[k] = overhead ? 0f : (float)(horizontal / direction.Up);
            table.East[k] = direction.East;
            table.North[k] = direction.North;
            table.Up[k] = direction.Up;
            table.Beam[k] = sky.Dni + (anisotropy > 0.0 ? sky.Dhi * anisotropy / direction.Up : 0.0);
            table.Sky[k] = sky.Dhi * (1.0 - anisotropy);
            table.Ground[k] = sky.Ghi * options.Albedo;
            table.Ambient[k] = options.MonthlyAmbient[time.Month - 1];
            table.Hours[k] = stepHours;
        }
        return table;
    }
}
