namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Unit-variance noise for the sensors of one kind, correlated in space and time. In space, a Gaussian field with
/// exponential covariance exp(-d / L) on haversine distance: exact through a Cholesky factor up to
/// <see cref="CholeskyLimit"/> sensors; above that (N³ work, N² per step) each sensor mixes the white noise of its
/// <see cref="Neighbours"/> nearest sensors with weights exp(-d / L), so near sensors share most of their inputs.
/// In time, AR(1) with coefficient φ, innovations scaled by √(1 − φ²) so the variance stays 1.
/// </summary>
internal static class SpatialNoise
{
    public const int CholeskyLimit = 400;
    public const int Neighbours = 12;

    /// <returns>Sensor-major: value of sensor s at step t is at [s * steps + t].</returns>
    public static float[] Generate(IReadOnlyList<SensorSite> sites, int steps, double correlationLength, double persistence, GaussianSource gauss)
    {
        var n = sites.Count;
        var result = new float[n * steps];
        var mixing = n <= CholeskyLimit ? CholeskyMixing(sites, correlationLength) : NeighbourMixing(sites, correlationLength);
        var white = new double[n];
        var state = new double[n];
        var innovation = Math.Sqrt(1 - persistence * persistence);
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < n; i++) white[i] = gauss.Next();
            for (var i = 0; i < n; i++)
            {
                var (columns, weights) = mixing[i];
                double field = 0;
                for (var j = 0; j < columns.Length; j++) field += weights[j] * white[columns[j]];
                // The first step starts from the stationary distribution, not from zero.
                state[i] = t == 0 ? field : persistence * state[i] + innovation * field;
                result[i * steps + t] = (float)state[i];
            }
        }
        return result;
    }

    /// <summary>Row i of the lower Cholesky factor of C[i,j] = exp(-d_ij / L) (a tiny diagonal jitter keeps it positive definite).</summary>
    private static (int[] Columns, double[] Weights)[] CholeskyMixing(IReadOnlyList<SensorSite> sites, double length)
    {
        var n = sites.Count;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = Covariance(sites[i], sites[j], length) + (i == j ? 1e-9 : 0);
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[j, j];
            }
        }
        var rows = new (int[], double[])[n];
        for (var i = 0; i < n; i++)
        {
            var columns = new int[i + 1];
            var weights = new double[i + 1];
            for (var j = 0; j <= i; j++) (columns[j], weights[j]) = (j, l[i, j]);
            rows[i] = (columns, weights);
        }
        return rows;
    }

    private static (int[] Columns, double[] Weights)[] NeighbourMixing(IReadOnlyList<SensorSite> sites, double length)
    {
        var n = sites.Count;
        var rows = new (int[], double[])[n];
        var distances = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) (distances[j], order[j]) = (sites[i].DistanceTo(sites[j]), j);
            Array.Sort((double[])distances.Clone(), order);
            var k = Math.Min(Neighbours, n);
            var columns = order[..k];
            var weights = columns.Select(j => Covariance(sites[i], sites[j], length)).ToArray();
            var norm = Math.Sqrt(weights.Sum(w => w * w));
            for (var j = 0; j < k; j++) weights[j] /= norm;
            rows[i] = (columns, weights);
        }
        return rows;
    }

    private static double Covariance(SensorSite a, SensorSite b, double length) =>
        ReferenceEquals(a, b) || a.Id == b.Id ? 1 : length <= 0 ? 0 : Math.Exp(-a.DistanceTo(b) / length);
}
