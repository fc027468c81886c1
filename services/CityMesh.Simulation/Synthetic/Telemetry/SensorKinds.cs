namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// The kinds of sensor the generator simulates and what each reads. Names and units are the live twin's (its
/// telemetry simulator and ingestor), so published series land on real attributes: the ingestor refuses a reading
/// whose unit differs from the attribute's, which is why water flow is m³/h and pressure kPa here.
/// </summary>
public static class SensorKinds
{
    public const string TrafficDetector = "traffic-detector";
    public const string AirQuality = "air-quality";
    public const string EnergyMeter = "energy-meter";
    public const string WaterMain = "water-main";

    public static readonly IReadOnlyList<string> All = [TrafficDetector, AirQuality, EnergyMeter, WaterMain];

    public static readonly SensorQuantity Intensity = new("intensity", "", "veh/h");
    public static readonly SensorQuantity Speed = new("averageVehicleSpeed", "KMH", "km/h");
    public static readonly SensorQuantity No2 = new("no2", "GQ", "µg/m³");
    public static readonly SensorQuantity Pm25 = new("pm25", "GQ", "µg/m³");
    public static readonly SensorQuantity Load = new("load", "KWT", "kW");
    public static readonly SensorQuantity Flow = new("flow", "MQH", "m³/h");
    public static readonly SensorQuantity Pressure = new("pressure", "KPA", "kPa");

    /// <summary>What a site of the kind reads, in channel order.</summary>
    public static IReadOnlyList<SensorQuantity> QuantitiesOf(string kind) => kind switch
    {
        TrafficDetector => [Intensity, Speed],
        AirQuality => [No2, Pm25],
        EnergyMeter => [Load],
        WaterMain => [Flow, Pressure],
        _ => throw new ArgumentException($"unknown sensor kind '{kind}'; use one of {string.Join(", ", All)}", nameof(kind)),
    };

    /// <summary>The twin entity type a kind's sensors are (FIWARE Smart Data Model names, as the seeded city uses).</summary>
    public static string EntityTypeOf(string kind) => kind switch
    {
        TrafficDetector => "TrafficFlowObserved",
        AirQuality => "AirQualityObserved",
        EnergyMeter => "Substation",
        WaterMain => "WaterMain",
        _ => throw new ArgumentException($"unknown sensor kind '{kind}'; use one of {string.Join(", ", All)}", nameof(kind)),
    };
}
