namespace CityMesh.Simulation.Traffic.Engine;

internal enum VehicleStatus : byte
{
    /// <summary>Its depart time has not come.</summary>
    Scheduled,
    /// <summary>Due, waiting in its first edge's insertion queue.</summary>
    WaitingToInsert,
    Running,
    Arrived,
}
