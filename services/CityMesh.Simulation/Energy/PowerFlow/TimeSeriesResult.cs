namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// A time series solved: per interval and bus, voltage magnitude and angle (<c>[interval * Buses + bus]</c>), and per
/// interval the losses, the lowest voltage and its bus, and the iterations it took. Structure of arrays throughout.
/// </summary>
public sealed record TimeSeriesResult(
    PowerFlowMethod Method,
    int Intervals,
    int Buses,
    double[] Vm,
    double[] VaDegrees,
    double[] LossKw,
    double[] LossKvar,
    double[] LowestVm,
    int[] LowestVmBus,
    int[] Iterations,
    double[] LargestMismatch)
{
    public double VmAt(int interval, int busIndex) => Vm[interval * Buses + busIndex];
}
