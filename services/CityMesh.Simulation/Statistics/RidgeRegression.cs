namespace CityMesh.Simulation.Statistics;

/// <summary>
/// Least squares with a ridge penalty, by accumulating the normal equations (XᵀX, Xᵀy) row by row (no design matrix
/// is kept) and solving (XᵀX + λ·D) β = Xᵀy by Cholesky, where D leaves the first (bias) coefficient unpenalised.
/// </summary>
public sealed class RidgeRegression(int features)
{
    private readonly double[] _xtx = new double[features * features];
    private readonly double[] _xty = new double[features];

    public int Features => features;

    public long Rows { get; private set; }

    public void Add(ReadOnlySpan<double> x, double y)
    {
        if (x.Length != features) throw new ArgumentException($"A row needs {features} features; got {x.Length}.", nameof(x));
        for (int i = 0; i < features; i++)
        {
            double xi = x[i];
            if (xi == 0) continue;
            _xty[i] += xi * y;
            int row = i * features;
            for (int j = 0; j <= i; j++) _xtx[row + j] += xi * x[j];
        }
        Rows++;
    }

    /// <param name="lambda">Penalty per row: the ridge term is λ × rows, so it weighs the same for any amount of data.</param>
    public double[] Solve(double lambda)
    {
        int p = features;
        var a = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++) a[i * p + j] = a[j * p + i] = _xtx[i * p + j];
        for (int i = 1; i < p; i++) a[i * p + i] += lambda * Math.Max(1, Rows);
        // A feature that never varied gets a tiny diagonal so the factorisation stays defined (its β is then 0).
        for (int i = 0; i < p; i++) a[i * p + i] += 1e-9 * (1 + a[i * p + i]);
        for (int j = 0; j < p; j++)
        {
            double d = a[j * p + j];
            for (int k = 0; k < j; k++) d -= a[j * p + k] * a[j * p + k];
            if (d <= 0) throw new InvalidOperationException("The normal equations are not positive definite.");
            a[j * p + j] = Math.Sqrt(d);
            for (int i = j + 1; i < p; i++)
            {
                double s = a[i * p + j];
                for (int k = 0; k < j; k++) s -= a[i * p + k] * a[j * p + k];
                a[i * p + j] = s / a[j * p + j];
            }
        }
        var z = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = _xty[i];
            for (int k = 0; k < i; k++) s -= a[i * p + k] * z[k];
            z[i] = s / a[i * p + i];
        }
        var beta = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int k = i + 1; k < p; k++) s -= a[k * p + i] * beta[k];
            beta[i] = s / a[i * p + i];
        }
        return beta;
    }
}
