namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// The model's demands scaled area by area: each junction's nominal demand (its bases times their patterns at that
/// moment, as the solver sets them) times its district metered area's factor, the area's metered inflow over its
/// nominal total. One city-wide scale spreads a busy works' day over every home; an area's own meter keeps the
/// difference in its area. Written into a reused buffer of (junction, flow) for the solver's extra demands (with its
/// own scale at 0), so the hot loop allocates nothing.
/// </summary>
public sealed class AreaDemands
{
    private readonly WaterNetwork _network;
    private readonly int[] _areaOf;
    private readonly double[] _nominal;
    private readonly double[] _areaNominal;
    private readonly double[][] _patterns;
    private readonly (int Pattern, double Base)[][] _demands;
    private long _period = long.MinValue;

    public AreaDemands(WaterNetwork network, DistrictPartition partition)
    {
        _network = network;
        _areaOf = [.. partition.AreaOfJunction];
        _nominal = new double[network.Junctions.Count];
        _areaNominal = new double[partition.Areas.Count];
        var ids = network.Patterns.Keys.ToArray();
        _patterns = [.. ids.Select(id => network.Patterns[id].Multipliers.ToArray())];
        // As the solver reads them: a demand without a pattern takes the default pattern where the file has one, else 1.
        int fallback = network.Options.DefaultPattern is { } dp ? Array.IndexOf(ids, dp) : -1;
        _demands = [.. network.Junctions.Select(j => j.Demands.Select(d => (d.Pattern is null ? fallback : Array.IndexOf(ids, d.Pattern), d.Base)).ToArray())];
        Buffer = new (int, double)[network.Junctions.Count + 2];
    }

    /// <summary>Junction demands (and room for a trial leak's two ends) for the solver's extra demands.</summary>
    public (int Junction, double Flow)[] Buffer { get; }

    public int Junctions => _nominal.Length;

    /// <summary>Fills <see cref="Buffer"/>'s first <see cref="Junctions"/> entries with every junction's demand scaled to its area's meter at <paramref name="time"/>.</summary>
    public void Fill(long time, double[] areaInflow)
    {
        Nominal(time);
        for (int j = 0; j < _nominal.Length; j++)
        {
            int a = _areaOf[j];
            Buffer[j] = (j, _nominal[j] * areaInflow[a] / Math.Max(1e-12, _areaNominal[a]));
        }
    }

    /// <summary>Rescales area <paramref name="area"/>'s entries in <see cref="Buffer"/> as if its meter read <paramref name="less"/> m³/s less (a trial leak's share of it), from <paramref name="areaInflow"/>.</summary>
    public void Lessen(int area, double less, double[] areaInflow)
    {
        double factor = (areaInflow[area] - less) / Math.Max(1e-12, _areaNominal[area]);
        for (int j = 0; j < _nominal.Length; j++)
            if (_areaOf[j] == area) Buffer[j] = (j, _nominal[j] * factor);
    }

    private void Nominal(long time)
    {
        var times = _network.Times;
        long period = (time + times.PatternStart) / Math.Max(1, times.PatternStep);
        if (period == _period) return;
        _period = period;
        Array.Clear(_areaNominal);
        double multiplier = _network.Options.DemandMultiplier;
        for (int j = 0; j < _nominal.Length; j++)
        {
            double sum = 0;
            foreach (var (pattern, b) in _demands[j])
            {
                var m = pattern < 0 ? null : _patterns[pattern];
                sum += b * (m is null || m.Length == 0 ? 1 : m[period % m.Length]) * multiplier;
            }
            _nominal[j] = sum;
            _areaNominal[_areaOf[j]] += sum;
        }
    }
}
