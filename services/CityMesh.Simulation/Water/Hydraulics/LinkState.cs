namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>What a link is doing in a solve. Open and Closed may come from the file or a control; the rest are the solver's own.</summary>
public enum LinkState : byte
{
    Open,
    Closed,
    /// <summary>A pump asked for more head than it can lift at its speed: shut until the head it faces falls.</summary>
    ClosedOverHead,
    /// <summary>Closed because it would fill a full tank or drain an empty one.</summary>
    ClosedTankLimit,
    /// <summary>A check valve shut against reverse flow.</summary>
    ClosedCheck,
    /// <summary>A pressure or flow control valve holding its setting.</summary>
    Active,
}

internal static class LinkStates
{
    public static bool IsClosed(this LinkState s) => s is LinkState.Closed or LinkState.ClosedOverHead or LinkState.ClosedTankLimit or LinkState.ClosedCheck;
}
