namespace CityMesh.Twin.Model;

/// <summary>Operational status of a city object.</summary>
public enum EntityStatus
{
    Operational,
    Degraded,
    OutOfService,
    Planned,
    Retired,
}
