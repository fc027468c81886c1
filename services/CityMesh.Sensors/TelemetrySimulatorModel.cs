using CityMesh.Contracts.Twin;
using CityMesh.Messaging.Telemetry;
using CityMesh.Simulation;
using CityMesh.Simulation.Traffic.Model;
using Google.Protobuf.WellKnownTypes;

namespace CityMesh.Sensors;

/// <summary>The readings of one simulated sensor gateway's sensors in a round, in wire form.</summary>
public sealed record GatewayBatch(string Gateway, IReadOnlyList<Reading> Readings);

/// <summary>
/// What the city's sensors read at a given city time: a pure function of the seed, the roster and the clock, so a
/// run can be replayed. Daily profiles follow local time:
/// <list type="bullet">
/// <item>traffic: morning (08:00) and evening (18:00) peaks, damped at weekends, the morning one loading roads into
/// the centre and the evening one roads out of it; speed falls with the volume/capacity ratio (a BPR-style curve),
/// occupancy rises with density and queues;</item>
/// <item>NO2 and PM2.5 follow the traffic on roads within 600 m, on top of a slowly drifting regional background;</item>
/// <item>substation load follows an electricity day (late-morning shoulder, evening peak) net of the rooftop PV
/// behind it; PV follows the sun's elevation at the array under passing cloud;</item>
/// <item>water demand peaks at 07:30 and 19:30; pressure drops with the square of flow;</item>
/// <item>river and drain levels drift, and rise with rain events that come to the whole city at once;</item>
/// <item>hospitals' beds and emergency departments (TelemetrySimulatorModel.Hospitals.cs).</item>
/// </list>
/// </summary>
public sealed partial class TelemetrySimulatorModel(int seed, TimeSpan utcOffset)
{
    public const string TrafficGateway = "traffic";
    public const string AirGateway = "air";
    public const string EnergyGateway = "energy";
    public const string WaterGateway = "water";

    /// <summary>Vehicles per hour per lane a signalised urban lane carries at saturation (green split included).</summary>
    public const double LaneCapacity = 650;

    private readonly ulong _seed = SeededRandom.Mix((ulong)(uint)seed + 0x51A7E5EEDUL);

    /// <summary>A drill's storm, seen by the flood gauges on top of the simulator's own weather; null: none.</summary>
    public StormDrill? Storm { get; set; }

    /// <summary>A drill's extra load on parts of the grid (a heat wave's air conditioning on a feeder); null: none.</summary>
    public LoadDrill? LoadDrill { get; set; }

    /// <param name="simulated">Readings of detectors whose road runs in a traffic simulation; the others follow the profiles.</param>
    public IReadOnlyList<GatewayBatch> Sample(TelemetrySimulatorRoster roster, DateTimeOffset cityTime,
        Func<TrafficDetector, SimulatedDetectorReading?>? simulated = null)
    {
        var local = cityTime.ToOffset(utcOffset);
        var hour = local.TimeOfDay.TotalHours;
        var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var t = cityTime.ToUnixTimeMilliseconds() / 1000.0;

        var traffic = new List<Reading>(roster.Detectors.Count * 4 + roster.Signals.Count);
        var loadRatio = new double[roster.Detectors.Count];
        for (var i = 0; i < roster.Detectors.Count; i++)
        {
            var d = roster.Detectors[i];
            if (simulated?.Invoke(d) is { } live)
            {
                loadRatio[i] = Math.Clamp(live.Intensity / (d.Lanes * LaneCapacity), 0.01, 1.25);
                traffic.Add(Number(d.Id, "intensity", Math.Round(live.Intensity), cityTime, null));
                traffic.Add(Number(d.Id, "averageVehicleSpeed", Math.Round(live.Speed, 1), cityTime, UnitCodes.KilometrePerHour));
                traffic.Add(Number(d.Id, "occupancy", Math.Round(live.Occupancy, 3), cityTime, null));
                traffic.Add(new Reading { EntityId = d.Id, Attribute = "congested", Flag = live.Speed < 0.5 * d.FreeSpeed && live.Halting > 0, ObservedAt = Timestamp.FromDateTimeOffset(cityTime) });
                continue;
            }
            var key = Key(d.Id);
            // Some roads are arterials, some quieter streets: a fixed share of the city's demand per road.
            var weight = 0.6 + 0.7 * Hash01(key ^ 0x77, 0);
            var x = weight * 1.1 * DailyTrafficDemand.Share(hour, weekend, d.Inbound) * (1 + 0.10 * Smooth(key, t, 600)) + 0.03 * (Hash01(key, Tick(t)) - 0.5);
            x = Math.Clamp(x, 0.01, 1.25);
            loadRatio[i] = x;
            var capacity = d.Lanes * LaneCapacity;
            var flow = capacity * Math.Min(x, 1.0);
            var speed = Math.Max(3, d.FreeSpeed * (0.93 + 0.04 * Smooth(key ^ 0x5EED, t, 120)) / (1 + 1.2 * Math.Pow(x, 4)));
            // Density (veh/km/lane) times an effective vehicle-plus-loop length of 6.5 m, raised by signal queues.
            var occupancy = Math.Clamp(flow / (d.Lanes * speed) * 0.0065 * (1 + 1.5 * x * x), 0, 0.95);
            traffic.Add(Number(d.Id, "intensity", Math.Round(flow), cityTime, null));
            traffic.Add(Number(d.Id, "averageVehicleSpeed", Math.Round(speed, 1), cityTime, UnitCodes.KilometrePerHour));
            traffic.Add(Number(d.Id, "occupancy", Math.Round(occupancy, 3), cityTime, null));
            traffic.Add(new Reading { EntityId = d.Id, Attribute = "congested", Flag = speed < 0.5 * d.FreeSpeed, ObservedAt = Timestamp.FromDateTimeOffset(cityTime) });
        }
        foreach (var s in roster.Signals)
        {
            var cycle = s.PhaseDurations.Sum();
            var position = (t + Hash01(Key(s.Id), 0) * cycle) % cycle;
            var phase = 0;
            while (phase < s.PhaseDurations.Count - 1 && position >= s.PhaseDurations[phase]) position -= s.PhaseDurations[phase++];
            traffic.Add(Number(s.Id, "currentPhase", phase, cityTime, null));
        }

        var air = new List<Reading>(roster.AirQualityStations.Count * 2);
        var background = 32 + 18 * Smooth(_seed ^ 0xA1, t, 6 * 3600) + 10 * Gauss(hour, 3, 3);
        foreach (var a in roster.AirQualityStations)
        {
            var key = Key(a.Id);
            var totalWeight = a.Roads.Sum(r => r.Weight);
            var nearbyTraffic = totalWeight > 0 ? a.Roads.Sum(r => r.Weight * loadRatio[r.DetectorIndex]) / totalWeight : DailyTrafficDemand.Share(hour, weekend, true);
            var no2 = 14 + 62 * nearbyTraffic + 6 * Smooth(key, t, 1800) + 2 * (Hash01(key, Tick(t)) - 0.5);
            var pm25 = background + 14 * nearbyTraffic + 3 * Smooth(key ^ 0x25, t, 900);
            air.Add(Number(a.Id, "no2", Math.Round(Math.Max(2, no2), 1), cityTime, UnitCodes.MicrogramPerCubicMetre));
            air.Add(Number(a.Id, "pm25", Math.Round(Math.Max(3, pm25), 1), cityTime, UnitCodes.MicrogramPerCubicMetre));
        }

        var energy = new List<Reading>(roster.Substations.Count + roster.SolarArrays.Count);
        var solar = new double[roster.SolarArrays.Count];
        var sky = 0.65 + 0.35 * Smooth(_seed ^ 0x5C1, t, 2 * 3600);
        for (var i = 0; i < roster.SolarArrays.Count; i++)
        {
            var p = roster.SolarArrays[i];
            var sun = SunElevationSine(local, p.Location?.Latitude ?? 36.66, p.Location?.Longitude ?? 117.02);
            solar[i] = p.Capacity * 0.85 * sky * Math.Pow(Math.Max(0, sun), 1.2);
            energy.Add(Number(p.Id, "power", Math.Round(solar[i], 1), cityTime, UnitCodes.Kilowatt));
        }
        var charging = new double[roster.Chargers.Count];
        for (var i = 0; i < roster.Chargers.Count; i++)
        {
            var c = roster.Chargers[i];
            // Cars plug in after work; a deferred charger waits for the night (23:00–06:00) and charges then.
            var evening = Gauss(hour, 19, 2.2) + 0.6 * Gauss(hour - 24, 19, 2.2);
            var night = Logistic((hour - 23) * 3) + Logistic(-(hour - 6) * 3) * (hour < 12 ? 1 : 0);
            var share = c.IsDeferred ? 0.7 * night : 0.15 + 0.75 * evening;
            charging[i] = c.RatedKw * Math.Clamp(share * (0.8 + 0.4 * Hash01(Key(c.Id), Tick(t))), 0, 1);
            energy.Add(Number(c.Id, "power", Math.Round(charging[i], 1), cityTime, UnitCodes.Kilowatt));
        }
        var gross = new Dictionary<string, double>(roster.Substations.Count, StringComparer.Ordinal);
        foreach (var s in roster.Substations)
        {
            var key = Key(s.Id);
            var day = Logistic((hour - 6.5) * 2) * Logistic(-(hour - 23) * 1.5);
            var electricity = 0.42 + 0.18 * day + 0.22 * Gauss(hour, 11, 2.5) + 0.30 * Gauss(hour, 20, 2.2);
            // Transformers are sized with 30 % headroom, so the design peak is capacity / 1.3.
            gross[s.Id] = s.Capacity / 1.3 * electricity * (1 + 0.04 * Smooth(key, t, 900)) * (LoadDrill?.FactorFor(s.Id) ?? 1);
        }
        var chargingAt = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var b in roster.BusMeters)
        {
            var ev = b.Chargers.Sum(i => charging[i]);
            chargingAt[b.Substation] = chargingAt.GetValueOrDefault(b.Substation) + ev;
            // The bus's share of its substation's load, wandering a little on its own, with its chargers, net of its PV.
            var load = b.IsShed ? 0 : gross[b.Substation] * b.Share * (1 + 0.03 * Smooth(Key(b.Id), t, 1200)) * (LoadDrill?.FactorFor(b.Id, b.Feeder) ?? 1)
                                      + ev - b.SolarArrays.Sum(i => solar[i]);
            energy.Add(Number(b.Id, "load", Math.Round(load, 1), cityTime, UnitCodes.Kilowatt));
        }
        foreach (var s in roster.Substations)
        {
            var load = gross[s.Id] + chargingAt.GetValueOrDefault(s.Id) - s.SolarArrays.Sum(i => solar[i]);
            energy.Add(Number(s.Id, "load", Math.Round(Math.Max(0, load), 1), cityTime, UnitCodes.Kilowatt));
        }

        var water = new List<Reading>(roster.WaterMains.Count * 2 + roster.FloodGauges.Count + roster.RainGauges.Count);
        foreach (var m in roster.WaterMains)
        {
            var key = Key(m.Id);
            // Design flow at 1 m/s through the bore.
            var design = Math.PI * Math.Pow(m.Diameter / 1000, 2) / 4 * 3600;
            var day = Logistic((hour - 6) * 2) * Logistic(-(hour - 23) * 1.5);
            var demand = 0.22 + 0.18 * day + 0.55 * Gauss(hour, 7.5, 1.2) + 0.45 * Gauss(hour, 19.5, 1.6);
            var flow = design * demand * (1 + 0.06 * Smooth(key, t, 600) + 0.02 * (Hash01(key, Tick(t)) - 0.5));
            var pressure = 430 - 120 * Math.Pow(flow / design, 2) + 5 * Smooth(key ^ 0xBA, t, 300);
            water.Add(Number(m.Id, "flow", Math.Round(flow, 1), cityTime, UnitCodes.CubicMetrePerHour));
            water.Add(Number(m.Id, "pressure", Math.Round(pressure, 1), cityTime, UnitCodes.Kilopascal));
        }
        var rain = Math.Max(Rain(t), Storm?.RainAt(cityTime) ?? 0);
        foreach (var g in roster.FloodGauges)
        {
            var key = Key(g.Id);
            var baseLevel = 0.25 + 0.35 * Hash01(key, 1);
            var response = 0.7 + 0.4 * Hash01(key, 2);
            var level = baseLevel + 0.08 * Smooth(key, t, 3 * 3600) + rain * g.AlertLevel * response;
            water.Add(Number(g.Id, "waterLevel", Math.Round(Math.Max(0.02, level), 3), cityTime, UnitCodes.Metre));
        }
        // The same rain at the rain gauges as an intensity: 1 on the model's scale is heavy rain, 25 mm/h, each gauge
        // within ±10 % of it (a storm is not even over a city).
        foreach (var id in roster.RainGauges)
            water.Add(Number(id, "precipitation", Math.Round(rain * RainAtOne * (0.9 + 0.2 * Hash01(Key(id), 3)), 1), cityTime, UnitCodes.MillimetrePerHour));

        return
        [
            new(TrafficGateway, traffic),
            new(AirGateway, air),
            new(EnergyGateway, energy),
            new(WaterGateway, water),
            new(HealthGateway, SampleHospitals(roster, local, cityTime, t)),
        ];
    }

    /// <summary>
    /// Sine of the sun's elevation: declination from the day of year, hour angle from local solar time (clock time
    /// corrected for the longitude's offset from the time zone meridian; the equation of time, ±16 min, is left out).
    /// </summary>
    public static double SunElevationSine(DateTimeOffset local, double latitude, double longitude)
    {
        const double rad = Math.PI / 180;
        var declination = 23.44 * rad * Math.Sin(2 * Math.PI * (284 + local.DayOfYear) / 365.0);
        var solarHour = local.TimeOfDay.TotalHours + (longitude - local.Offset.TotalHours * 15) / 15;
        var hourAngle = 15 * rad * (solarHour - 12);
        return Math.Sin(latitude * rad) * Math.Sin(declination) + Math.Cos(latitude * rad) * Math.Cos(declination) * Math.Cos(hourAngle);
    }

    /// <summary>Rain intensity at 1 on the model's rain scale, mm/h (heavy rain; a drill's peak of 1.5 is 37.5 mm/h).</summary>
    public const double RainAtOne = 25;

    /// <summary>City-wide rain: in about one six-hour window in eight a shower rises and passes; 0 when dry.</summary>
    private double Rain(double t)
    {
        const double window = 6 * 3600;
        var slot = (long)Math.Floor(t / window);
        if (Hash01(_seed ^ 0x4A1, slot) >= 0.125) return 0;
        var peak = 0.5 + 0.6 * Hash01(_seed ^ 0x4A2, slot);
        return peak * Math.Sin(Math.PI * (t / window - slot));
    }

    private static Reading Number(string id, string attribute, double value, DateTimeOffset at, string? unit) =>
        new() { EntityId = id, Attribute = attribute, Number = value, UnitCode = unit ?? "", ObservedAt = Timestamp.FromDateTimeOffset(at) };

    private ulong Key(string id) => SeededRandom.Hash(id) ^ _seed;

    private static long Tick(double t) => (long)Math.Floor(t);

    private ulong Hash(ulong key, long slot) => SeededRandom.Mix(key ^ SeededRandom.Mix((ulong)slot ^ _seed));

    /// <summary>Uniform in [0, 1), fixed by key and slot.</summary>
    private double Hash01(ulong key, long slot) => (Hash(key, slot) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Value noise in [-1, 1]: random levels every <paramref name="period"/> seconds, eased between.</summary>
    private double Smooth(ulong key, double t, double period)
    {
        var x = t / period;
        var slot = (long)Math.Floor(x);
        var f = (1 - Math.Cos((x - slot) * Math.PI)) / 2;
        var a = Hash01(key, slot) * 2 - 1;
        var b = Hash01(key, slot + 1) * 2 - 1;
        return a + (b - a) * f;
    }

    private static double Gauss(double x, double mean, double sigma) => Math.Exp(-(x - mean) * (x - mean) / (2 * sigma * sigma));

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
