namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// The fault-free series: per kind, a daily/weekly profile at local time, weather effects, each site's own scale,
/// then relative noise from <see cref="SpatialNoise"/>. Every random stream is its own (weather, each kind's noise
/// per quantity, each site's scale), so switching anomalies on or off leaves these values unchanged.
/// </summary>
internal static class CleanSeries
{
    /// <summary>Nominal pressure at zero flow and its fall at design flow, kPa: pressure = P0 − ΔP (flow / design)².</summary>
    public const double StaticPressure = 430, PressureFallAtDesign = 120;

    /// <summary>
    /// An energy meter's response to the air temperature, as a factor on its load: heating below
    /// <see cref="HeatingBelow"/> and cooling above <see cref="CoolingAbove"/>, nothing between (buildings' balance
    /// points: internal and solar gains keep them comfortable a few degrees below 18 °C, and cooling starts a few
    /// above). Per degree, cooling weighs more than heating on an electricity meter: nearly all cooling is electric,
    /// while much heating burns gas or comes from district heat. A few percent per degree either side is the order
    /// that load studies find; the values are illustrative, not fitted to one grid.
    /// </summary>
    public const double HeatingBelow = 15, CoolingAbove = 22, HeatingPerDegree = 0.02, CoolingPerDegree = 0.03;

    public static double TemperatureFactor(double temperature) =>
        1 + HeatingPerDegree * Math.Max(0, HeatingBelow - temperature) + CoolingPerDegree * Math.Max(0, temperature - CoolingAbove);

    /// <summary>Design flow of a main, m³/h (1 m/s through its bore), what leak magnitudes are relative to.</summary>
    public static double DesignFlow(SensorSite site, int seed)
    {
        var diameter = 0.2 + 0.4 * new Random(StableHash.Of(site.Id, seed)).NextDouble();
        return Math.PI * diameter * diameter / 4 * 3600;
    }

    public static TelemetryChannel[] Build(TelemetrySynthesisOptions o, IReadOnlyList<SensorSite> sites, int kindIndex, int[] siteIndexes, int seed)
    {
        var kind = SensorKinds.All[kindIndex];
        var quantities = SensorKinds.QuantitiesOf(kind);
        var steps = o.Steps;
        var n = siteIndexes.Length;
        var kindSites = siteIndexes.Select(i => sites[i]).ToArray();
        var noise = new float[quantities.Count][];
        for (var q = 0; q < quantities.Count; q++)
            noise[q] = SpatialNoise.Generate(kindSites, steps, o.Noise.CorrelationLengthMetres, o.Noise.Persistence,
                new GaussianSource(new Random(seed * 31 + 1000 * (kindIndex + 1) + q)));

        var weather = WeatherTimeline.Of(o, seed);
        var traffic = new double[steps];
        var electricity = new double[steps];
        var water = new double[steps];
        var hours = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            var local = (o.Start + o.Interval * t).DateTime;
            var hour = hours[t] = local.TimeOfDay.TotalHours;
            var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            traffic[t] = DailyProfiles.Traffic(hour, weekend, o.Seasonality.Daily, o.Seasonality.Weekly);
            electricity[t] = DailyProfiles.Electricity(hour, weekend, o.Seasonality.Daily, o.Seasonality.Weekly);
            water[t] = DailyProfiles.Water(hour, weekend, o.Seasonality.Daily, o.Seasonality.Weekly);
        }

        var values = quantities.Select(_ => new float[n * steps]).ToArray();
        var sigma = o.Noise.Sigma;
        for (var i = 0; i < n; i++)
        {
            var site = kindSites[i];
            var own = new Random(StableHash.Of(site.Id, seed));
            var a = own.NextDouble();
            var b = own.NextDouble();
            var row = i * steps;
            for (var t = 0; t < steps; t++)
            {
                var e0 = sigma * noise[0][row + t];
                var e1 = quantities.Count > 1 ? sigma * noise[1][row + t] : 0;
                var rain = weather.Rain[t];
                switch (kind)
                {
                    case SensorKinds.TrafficDetector:
                    {
                        // a: the road's capacity, b: its share of the city's demand and its speed limit.
                        var capacity = 1200 + 1200 * a;
                        var ratio = Math.Clamp(traffic[t] * (0.7 + 0.5 * b) * (1 - 0.15 * rain) * (1 + e0), 0.01, 1.3);
                        var freeSpeed = 40 + 30 * b;
                        values[0][row + t] = (float)(capacity * Math.Min(ratio, 1));
                        values[1][row + t] = (float)Math.Max(3, freeSpeed * (1 - 0.25 * rain) / (1 + 1.2 * Math.Pow(ratio, 4)) * (1 + e1));
                        break;
                    }
                    case SensorKinds.AirQuality:
                    {
                        // Night inversions hold particulates near the ground; rain washes both pollutants out.
                        var exposure = 0.7 + 0.6 * a;
                        var background = 24 + 8 * b + 8 * Math.Cos(2 * Math.PI * (hours[t] - 3) / 24);
                        values[0][row + t] = (float)Math.Max(2, (14 + 62 * traffic[t] * exposure) * (1 - 0.3 * rain) * (1 + e0));
                        values[1][row + t] = (float)Math.Max(3, (background + 14 * traffic[t] * exposure) * (1 - 0.6 * rain) * (1 + e1));
                        break;
                    }
                    case SensorKinds.EnergyMeter:
                    {
                        var peak = 500 + 4500 * a;
                        var comfort = TemperatureFactor(weather.Temperature[t]);
                        values[0][row + t] = (float)Math.Max(0, peak / 1.3 * electricity[t] * comfort * (1 + e0));
                        break;
                    }
                    default:
                    {
                        var design = DesignFlow(site, seed);
                        var flow = design * water[t] * (1 + e0);
                        values[0][row + t] = (float)flow;
                        values[1][row + t] = (float)(Pressure(flow, design) * (1 + 0.2 * e1));
                        break;
                    }
                }
            }
        }
        return [.. quantities.Select((q, k) => new TelemetryChannel(kind, q, siteIndexes, values[k]))];
    }

    public static double Pressure(double flow, double design) => StaticPressure - PressureFallAtDesign * (flow / design) * (flow / design);
}
