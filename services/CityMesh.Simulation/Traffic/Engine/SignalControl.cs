namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>How signalised junctions choose their phases.</summary>
public enum SignalControl
{
    /// <summary>The programme's phases in order, repeated, shifted by its offset (SUMO's static tlLogic).</summary>
    FixedTime,
    /// <summary>Varaiya's max-pressure: after a minimum green, the green phase whose links carry the most (upstream − downstream) vehicles.</summary>
    MaxPressure,
}
