using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Index;
using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Air.Data;

/// <summary>A station of the data set.</summary>
public sealed record AirStation(string Id, double Longitude, double Latitude);

/// <summary>
/// Hourly NO2 and PM2.5 at stations over a city square, from a documented, seeded process with the structure a
/// forecast and an interpolation must cope with (the telemetry generator's air series, a fixed daily shape with rain
/// showers and half-hour noise, have no day-to-day weather, so a daily profile alone would beat persistence there):
/// <code>
/// NO2(p, t)   = [18 U(p) + 55 E(p) q(t) + 25 H(p)]             · B(t) · exp(μ(t)) · W_no2(t) · exp(ε_s(t))
/// PM2.5(p, t) = [22 U(p) exp(ψ(t)) + 8 E(p) q(t) + 18 H(p)]    · B(t) · exp(μ(t)) · W_pm(t)  · exp(ε_s(t))
/// </code>
/// <list type="bullet">
/// <item>q(t): traffic by local hour, peaks at 08:00 and 18:00, weekend mornings damped;</item>
/// <item>B(t) = 1 + 0.3 cos(2π(h − 5)/24): the boundary layer, shallow before dawn, deep in the afternoon;</item>
/// <item>μ(t): meteorology (wind, stability), hourly AR(1) on the log scale with memory
/// <see cref="AirDatasetOptions.WeatherMemoryHours"/> and σ <see cref="AirDatasetOptions.WeatherSigma"/>, shared by
/// the city; ψ(t): regional secondary PM2.5, slower (<see cref="AirDatasetOptions.RegionalPmMemoryHours"/>);</item>
/// <item>W(t): rain washout, one shower on a day with chance <see cref="AirDatasetOptions.RainProbabilityPerDay"/>;</item>
/// <item>U(p): the urban core (0.7 at the edge to 1 at the centre); E(p) = exp(−d/250 m) to the nearer of two
/// arterials (east–west north of the centre, north–south west of it); H(p): an industrial plume, Gaussian σ 600 m
/// south-east of the centre;</item>
/// <item>ε_s(t): each station's own noise (micro-scale and measurement), log-scale AR(1).</item>
/// </list>
/// <see cref="Truth"/> is the field without station noise, known everywhere: what a map layer or a walk should see.
/// A third of the stations are roadside (within 150 m of an arterial), the rest anywhere in the square.
/// </summary>
public sealed class AirDataset
{
    public const string No2 = Pollutants.No2, Pm25 = Pollutants.Pm25;

    private readonly LocalMetres _metres;
    private readonly double[] _traffic, _boundary, _weather, _regional, _washNo2, _washPm;
    private readonly double _width;

    public AirDatasetOptions Options { get; }
    public int Seed { get; }
    public IReadOnlyList<AirStation> Stations { get; }
    public int Hours { get; }
    public DateTimeOffset Start => Options.Start;

    /// <summary>Observed hourly means per station: <c>Values[pollutant][station][hour]</c>.</summary>
    public IReadOnlyDictionary<string, double[][]> Values { get; }

    public DateTimeOffset TimeAt(int hour) => Start.AddHours(hour);

    /// <summary>
    /// The two arterials as street segments, what a city's road network would give a <see cref="RoadProximity"/>
    /// covariate. The geometry is the truth's; how fast air cleans away from them is for the covariate to guess.
    /// </summary>
    public IReadOnlyList<RoadSegment> Roads => [
        new(_metres.ToGeo(-_width / 2, 0.15 * _width), _metres.ToGeo(_width / 2, 0.15 * _width)),
        new(_metres.ToGeo(-0.2 * _width, -_width / 2), _metres.ToGeo(-0.2 * _width, _width / 2)),
    ];

    /// <summary>South-west and north-east corners of the square.</summary>
    public (GeoPoint SouthWest, GeoPoint NorthEast) Bounds => (_metres.ToGeo(-_width / 2, -_width / 2), _metres.ToGeo(_width / 2, _width / 2));

    public AirDataset(AirDatasetOptions options, int seed)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("air data set options are invalid: " + string.Join("; ", errors), nameof(options));
        Options = options;
        Seed = seed;
        Hours = options.Days * 24;
        _width = options.WidthMetres;
        _metres = new LocalMetres(options.AnchorLongitude, options.AnchorLatitude);
        _traffic = new double[Hours];
        _boundary = new double[Hours];
        for (var t = 0; t < Hours; t++)
        {
            var local = TimeAt(t);
            var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            _traffic[t] = Traffic(local.Hour, weekend);
            _boundary[t] = 1 + 0.3 * Math.Cos(2 * Math.PI * (local.Hour - 5) / 24.0);
        }
        _weather = LogAr1(new Random(seed * 7919 + 11), options.WeatherMemoryHours, options.WeatherSigma);
        _regional = LogAr1(new Random(seed * 7919 + 13), options.RegionalPmMemoryHours, options.RegionalPmSigma);
        (_washNo2, _washPm) = Rain(new Random(seed * 7919 + 17));
        Stations = Place(new Random(seed * 7919 + 19));
        var no2 = new double[Stations.Count][];
        var pm25 = new double[Stations.Count][];
        for (var s = 0; s < Stations.Count; s++)
        {
            var noise = new GaussianSource(new Random(StableHash.Of(Stations[s].Id, seed)));
            var (x, y) = _metres.ToMetres(Stations[s].Longitude, Stations[s].Latitude);
            no2[s] = new double[Hours];
            pm25[s] = new double[Hours];
            double e = 0, phi = options.StationNoisePersistence, innovation = Math.Sqrt(1 - phi * phi);
            for (var t = 0; t < Hours; t++)
            {
                e = t == 0 ? noise.Next() : phi * e + innovation * noise.Next();
                var factor = Math.Exp(options.StationNoiseSigma * e);
                no2[s][t] = TruthAt(No2, x, y, t) * factor;
                pm25[s][t] = TruthAt(Pm25, x, y, t) * factor;
            }
        }
        Values = new Dictionary<string, double[][]> { [No2] = no2, [Pm25] = pm25 };
    }

    /// <summary>The field without station noise at a position and hour: what the air is there, as the model says.</summary>
    public double Truth(string pollutant, double longitude, double latitude, int hour)
    {
        var (x, y) = _metres.ToMetres(longitude, latitude);
        return TruthAt(pollutant, x, y, hour);
    }

    private double TruthAt(string pollutant, double x, double y, int t)
    {
        var core = 0.7 + 0.3 * Math.Exp(-(x * x + y * y) / (2 * Square(0.35 * _width)));
        var road = Math.Exp(-Math.Min(Math.Abs(y - 0.15 * _width), Math.Abs(x + 0.2 * _width)) / 250);
        var plume = Math.Exp(-(Square(x - 0.25 * _width) + Square(y + 0.25 * _width)) / (2 * 600.0 * 600));
        var common = _boundary[t] * Math.Exp(_weather[t]);
        return pollutant switch
        {
            No2 => (18 * core + 55 * road * _traffic[t] + 25 * plume) * common * _washNo2[t],
            Pm25 => (22 * core * Math.Exp(_regional[t]) + 8 * road * _traffic[t] + 18 * plume) * common * _washPm[t],
            _ => throw new ArgumentException($"the data set holds {No2} and {Pm25}, not '{pollutant}'", nameof(pollutant)),
        };
    }

    /// <summary>Traffic 0.1–1.2 by local hour: a daytime plateau with morning and evening peaks; weekends 20 % lower, mornings far lower.</summary>
    private static double Traffic(int hour, bool weekend)
    {
        double Bump(double centre, double width) => Math.Exp(-Square(hour - centre) / (2 * width * width));
        var day = 1 / (1 + Math.Exp(-(hour - 6.5) * 1.5)) / (1 + Math.Exp((hour - 22) * 1.5));
        var value = 0.1 + 0.45 * day + 0.55 * Bump(8, 1.2) * (weekend ? 0.3 : 1) + 0.5 * Bump(18, 1.5);
        return weekend ? 0.8 * value : value;
    }

    private double[] LogAr1(Random random, double memoryHours, double sigma)
    {
        var gauss = new GaussianSource(random);
        var phi = Math.Exp(-1 / memoryHours);
        var innovation = sigma * Math.Sqrt(1 - phi * phi);
        var values = new double[Hours];
        for (var t = 0; t < Hours; t++) values[t] = t == 0 ? sigma * gauss.Next() : phi * values[t - 1] + innovation * gauss.Next();
        return values;
    }

    private (double[] No2, double[] Pm) Rain(Random random)
    {
        double[] no2 = new double[Hours], pm = new double[Hours];
        Array.Fill(no2, 1.0);
        Array.Fill(pm, 1.0);
        for (var d = 0; d < Options.Days; d++)
        {
            // Draw every day's numbers whether it rains or not, so one day's weather does not shift the next's.
            var rains = random.NextDouble() < Options.RainProbabilityPerDay;
            var start = d * 24 + 24 * random.NextDouble();
            var length = 2 + 6 * random.NextDouble();
            var peak = 0.4 + 0.6 * random.NextDouble();
            if (!rains) continue;
            for (var t = (int)start; t < Math.Min(Hours, start + length + 1); t++)
            {
                var position = (t - start) / length;
                if (position is <= 0 or >= 1) continue;
                var rain = peak * Math.Sin(Math.PI * position);
                no2[t] = Math.Min(no2[t], 1 - 0.2 * rain);
                pm[t] = Math.Min(pm[t], 1 - 0.4 * rain);
            }
        }
        return (no2, pm);
    }

    private AirStation[] Place(Random random)
    {
        var stations = new AirStation[Options.Stations];
        var half = _width / 2;
        for (var s = 0; s < stations.Length; s++)
        {
            double x = (random.NextDouble() - 0.5) * _width * 0.95, y = (random.NextDouble() - 0.5) * _width * 0.95;
            var offset = (random.NextDouble() * 2 - 1) * 150;
            var eastWest = random.NextDouble() < 0.5;
            if (s % 3 == 0)
            {
                // Roadside: within 150 m of an arterial, anywhere along it.
                if (eastWest) y = 0.15 * _width + offset;
                else x = -0.2 * _width + offset;
            }
            var at = _metres.ToGeo(Math.Clamp(x, -half, half), Math.Clamp(y, -half, half));
            stations[s] = new AirStation($"urn:ngsi-ld:AirQualityObserved:synthetic:air{s + 1:D3}", at.Longitude, at.Latitude);
        }
        return stations;
    }

    private static double Square(double v) => v * v;
}
