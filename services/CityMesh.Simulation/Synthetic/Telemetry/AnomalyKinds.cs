namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>The faults the generator injects, as written in labels.csv and option paths.</summary>
public static class AnomalyKinds
{
    /// <summary>A short burst: values scaled by 1 ± magnitude.</summary>
    public const string Spike = "spike";

    /// <summary>A step: magnitude × the sensor's typical level added for the whole window.</summary>
    public const string LevelShift = "level-shift";

    /// <summary>A calibration drift: an offset growing linearly from 0 to magnitude × typical level.</summary>
    public const string Drift = "drift";

    /// <summary>The reading freezes at its value at the window's start (the label's magnitude is that value).</summary>
    public const string Stuck = "stuck";

    /// <summary>The sensor goes silent: every quantity missing.</summary>
    public const string Dropout = "dropout";

    /// <summary>Water mains only: extra flow growing to magnitude × design flow, pressure falling with it.</summary>
    public const string Leak = "leak";

    public static readonly IReadOnlyList<string> All = [Spike, LevelShift, Drift, Stuck, Dropout, Leak];

    /// <summary>Whether a sensor of <paramref name="sensorKind"/> can have the anomaly.</summary>
    public static bool Applies(string anomalyKind, string sensorKind) => anomalyKind != Leak || sensorKind == SensorKinds.WaterMain;
}
