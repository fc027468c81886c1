namespace CityMesh.Simulation.Energy;

/// <summary>A bus's role in the power flow, numbered as MATPOWER's CASEFORMAT numbers them (column 2 of <c>mpc.bus</c>).</summary>
public enum BusType
{
    /// <summary>Load bus: P and Q given, voltage magnitude and angle solved.</summary>
    PQ = 1,

    /// <summary>Generator bus: P and voltage magnitude given, Q and angle solved.</summary>
    PV = 2,

    /// <summary>Slack (reference) bus: voltage magnitude and angle given, P and Q solved; it balances the losses.</summary>
    Slack = 3,
}
