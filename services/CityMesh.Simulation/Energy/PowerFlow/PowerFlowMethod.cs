namespace CityMesh.Simulation.Energy.PowerFlow;

public enum PowerFlowMethod
{
    /// <summary>Backward/forward sweep where the grid in service is a tree from the slack with no PV bus, else Newton–Raphson.</summary>
    Auto,

    /// <summary>Newton–Raphson in polar form: any topology, PV and PQ buses.</summary>
    NewtonRaphson,

    /// <summary>Backward/forward sweep (current summation): radial feeders with PQ buses only.</summary>
    BackwardForwardSweep,
}

public static class PowerFlowMethods
{
    public static string Describe(this PowerFlowMethod method) => method switch
    {
        PowerFlowMethod.NewtonRaphson => "Newton–Raphson",
        PowerFlowMethod.BackwardForwardSweep => "backward/forward sweep",
        _ => "auto",
    };
}
