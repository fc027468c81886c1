using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>A pipe a crew could check, with how well a leak there explains what the loggers read (1: exactly).</summary>
/// <param name="LeakFlow">The leak's flow that best explains it there (m³/s).</param>
public sealed record LeakCandidate(string Pipe, double Fit, double LeakFlow);

/// <summary>
/// Localisation by sensitivity: for every pipe, the model (as at the alarm: its tanks, statuses and inflow) is solved
/// with a trial leak at the pipe's middle (half at each end junction) and the same total drawn, and the loggers'
/// change against the leak-free model is the pipe's signature. The alarm's mean residual is fitted by each signature
/// (weighted least squares, each logger by the inverse of its leak-free spread, a positive flow); candidates ranked by
/// how much of the residual they explain (cosine similarity of the weighted vectors).
/// </summary>
public sealed class LeakLocator(WaterNetwork network, IReadOnlyList<int> sensors)
{
    private readonly HydraulicSimulation _model = new(network);
    private readonly int[] _sensorNodes = [.. sensors];

    public IReadOnlyList<LeakCandidate> Rank(LeakCase c, LeakAlarm alarm, int count = 5)
    {
        int i = Array.IndexOf(c.Times, alarm.Time);
        long t = alarm.Time;
        double nominal = Math.Max(1e-9, _model.NominalDemand(t));
        double trial = 0.05 * c.Inflow[i];
        var baseline = Pressures(_model.Moment(t, c.TankHeads[i], c.States[i], c.Inflow[i] / nominal));
        var index = network.Junctions.Select((j, k) => (j.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var candidates = new List<LeakCandidate>();
        // Whitened by each logger's leak-free spread: a logger by a cycling pump says less than a steady one.
        var weight = alarm.Spread.Select(x => 1 / x).ToArray();
        var r = alarm.MeanResidual.Select((x, s) => x * weight[s]).ToArray();
        double rr = Math.Sqrt(r.Sum(x => x * x));
        foreach (var pipe in network.Pipes.Where(p => p.Status == LinkStatus.Open))
        {
            var ends = new[] { pipe.From, pipe.To }.Where(index.ContainsKey).Select(id => index[id]).ToArray();
            if (ends.Length == 0) continue;
            var extra = ends.Select(j => (j, trial / ends.Length)).ToArray();
            var leaking = Pressures(_model.Moment(t, c.TankHeads[i], c.States[i], (c.Inflow[i] - trial) / nominal, extra));
            var signature = leaking.Zip(baseline, (a, b) => a - b).Select((x, s) => x * weight[s]).ToArray();
            double ss = signature.Sum(x => x * x), sr = signature.Zip(r, (a, b) => a * b).Sum();
            if (ss <= 0 || rr <= 0) continue;
            double alpha = sr / ss;
            double fit = alpha > 0 ? sr / Math.Sqrt(ss) / rr : 0;
            candidates.Add(new LeakCandidate(pipe.Id, Math.Round(fit, 4), Math.Max(0, alpha * trial)));
        }
        return [.. candidates.OrderByDescending(x => x.Fit).ThenBy(x => x.Pipe, StringComparer.Ordinal).Take(count)];
    }

    private double[] Pressures(HydraulicStep step) =>
        [.. _sensorNodes.Select(n => step.Head[n] - network.Junctions[n].Elevation)];
}
