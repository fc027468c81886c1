using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// What every snapshot of a batch shares, as flat arrays a kernel can take: the feeder tree's order and parents
/// (<see cref="FeederTree"/>), each parent branch in chain form (<see cref="ChainTwoPorts"/>), the shunts and the
/// admittance matrix's compressed rows (<see cref="PowerNetwork"/>, for the mismatch), and the starting voltages in
/// rectangular form. Read from the compiled network, never compiled again.
/// </summary>
internal sealed class FeederArrays
{
    /// <summary>Doubles per bus in <see cref="Chain"/>: A, B, C, D, each real then imaginary.</summary>
    public const int ChainStride = 8;

    public FeederArrays(PowerNetwork net, FeederTree tree)
    {
        int n = net.BusCount;
        var chain = new ChainTwoPorts(net, tree);
        Chain = new double[n * ChainStride];
        for (int bus = 0; bus < n; bus++)
        {
            var at = Chain.AsSpan(bus * ChainStride, ChainStride);
            (at[0], at[1], at[2], at[3]) = (chain.A[bus].Real, chain.A[bus].Imaginary, chain.B[bus].Real, chain.B[bus].Imaginary);
            (at[4], at[5], at[6], at[7]) = (chain.C[bus].Real, chain.C[bus].Imaginary, chain.D[bus].Real, chain.D[bus].Imaginary);
        }
        StartE = new double[n];
        StartF = new double[n];
        for (int bus = 0; bus < n; bus++)
        {
            // As the single sweep starts: the polar start made complex.
            var v = Complex.FromPolarCoordinates(net.StartVm[bus], net.StartVa[bus]);
            (StartE[bus], StartF[bus]) = (v.Real, v.Imaginary);
        }
        Network = net;
        Order = tree.Order;
        Parent = tree.Parent;
    }

    public PowerNetwork Network { get; }

    public int Buses => Order.Length;

    public int Slack => Network.Slack;

    public int[] Order { get; }

    public int[] Parent { get; }

    public double[] Chain { get; }

    public double[] StartE { get; }

    public double[] StartF { get; }

    public double[] ShuntG => Network.ShuntG;

    public double[] ShuntB => Network.ShuntB;

    public int[] RowStart => Network.Admittance.RowStart;

    public int[] Columns => Network.Admittance.Columns;

    public double[] G => Network.Admittance.G;

    public double[] B => Network.Admittance.B;

    /// <summary>The shared arrays' bytes (read by every snapshot; on a GPU, from cache after the first warp).</summary>
    public long Bytes => (long)Columns.Length * (4 + 8 + 8) + (long)Buses * (4 + 4 + 4 + ChainStride * 8 + 4 * 8);
}
