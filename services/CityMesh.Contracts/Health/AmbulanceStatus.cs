namespace CityMesh.Contracts.Health;

/// <summary>
/// An ambulance's place in its call cycle, the Vehicle's <c>emergencyStatus</c> (the Smart Data Models' Vehicle has
/// only <c>serviceStatus</c>, parked / onRoute / outOfService, which cannot tell a free crew from a busy one).
/// </summary>
public static class AmbulanceStatus
{
    /// <summary>At its station or returning to it, free to take a call.</summary>
    public const string Available = "available";

    /// <summary>Driving to the scene.</summary>
    public const string Dispatched = "dispatched";

    public const string AtScene = "atScene";

    /// <summary>Carrying the patient to the hospital.</summary>
    public const string Transporting = "transporting";

    /// <summary>Handing the patient over at the hospital.</summary>
    public const string AtHospital = "atHospital";

    public const string OutOfService = "outOfService";

    public static readonly IReadOnlyList<string> All = [Available, Dispatched, AtScene, Transporting, AtHospital, OutOfService];

    /// <summary>The Smart Data Models <c>serviceStatus</c> that goes with a status.</summary>
    public static string ServiceStatus(string status) => status switch
    {
        Dispatched or Transporting => "onRoute",
        OutOfService => "outOfService",
        _ => "parked",
    };
}
