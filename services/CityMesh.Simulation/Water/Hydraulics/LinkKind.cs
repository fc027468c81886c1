namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>What a link is, for its head loss and its status rules.</summary>
public enum LinkKind : byte
{
    Pipe,
    /// <summary>A pipe with a check valve: flow only From → To.</summary>
    CheckValvePipe,
    Pump,
    Prv,
    Psv,
    Pbv,
    Fcv,
    Tcv,
    Gpv,
}
