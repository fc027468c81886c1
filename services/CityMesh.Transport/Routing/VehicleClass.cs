namespace CityMesh.Transport.Routing;

/// <summary>Who is routed: it decides what a signal costs.</summary>
public enum VehicleClass
{
    /// <summary>Pre-empts signals: a signalised junction costs only its clearance time.</summary>
    Emergency,

    /// <summary>Obeys the signals: a signalised junction costs its expected red-time delay.</summary>
    Fleet,
}
