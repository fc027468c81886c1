using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// The bus admittance matrix Y (I = Y·V, per unit) in compressed rows, conductance G and susceptance B as separate
/// arrays: in-service branches' two-ports and the buses' shunts. Each row's columns are sorted and the diagonal's
/// position is kept, so the power flows find Yii without a search.
/// </summary>
internal sealed class AdmittanceMatrix
{
    public AdmittanceMatrix(int buses, IEnumerable<(int From, int To, BranchAdmittance Y)> branches, ReadOnlySpan<Complex> shunts)
    {
        var rows = new SortedDictionary<int, Complex>[buses];
        for (int i = 0; i < buses; i++) rows[i] = new SortedDictionary<int, Complex> { [i] = shunts[i] };
        foreach (var (f, t, y) in branches)
        {
            Add(rows[f], f, y.Yff);
            Add(rows[f], t, y.Yft);
            Add(rows[t], f, y.Ytf);
            Add(rows[t], t, y.Ytt);
        }
        RowStart = new int[buses + 1];
        for (int i = 0; i < buses; i++) RowStart[i + 1] = RowStart[i] + rows[i].Count;
        Columns = new int[RowStart[buses]];
        G = new double[Columns.Length];
        B = new double[Columns.Length];
        Diagonal = new int[buses];
        for (int i = 0; i < buses; i++)
        {
            int at = RowStart[i];
            foreach (var (column, y) in rows[i])
            {
                if (column == i) Diagonal[i] = at;
                Columns[at] = column;
                G[at] = y.Real;
                B[at] = y.Imaginary;
                at++;
            }
        }
    }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public double[] G { get; }

    public double[] B { get; }

    /// <summary>Where each row's diagonal entry is.</summary>
    public int[] Diagonal { get; }

    public int Buses => Diagonal.Length;

    /// <summary>
    /// The power each bus injects into the network at voltages e + jf: S = V·conj(Y·V), per unit, into
    /// <paramref name="p"/> and <paramref name="q"/>.
    /// </summary>
    public void Injections(ReadOnlySpan<double> e, ReadOnlySpan<double> f, Span<double> p, Span<double> q)
    {
        for (int i = 0; i < Diagonal.Length; i++)
        {
            double re = 0, im = 0;
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                int j = Columns[k];
                re += G[k] * e[j] - B[k] * f[j];
                im += G[k] * f[j] + B[k] * e[j];
            }
            p[i] = e[i] * re + f[i] * im;
            q[i] = f[i] * re - e[i] * im;
        }
    }

    private static void Add(SortedDictionary<int, Complex> row, int column, Complex y) =>
        row[column] = row.TryGetValue(column, out var sum) ? sum + y : y;
}
