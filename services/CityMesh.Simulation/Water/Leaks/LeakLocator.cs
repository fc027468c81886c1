using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>A pipe a crew could check, with how well a leak there explains what the meters read (1: exactly).</summary>
/// <param name="LeakFlow">The leak's flow that best explains it there (m³/s).</param>
/// <param name="FromFirst">How far the pipe is from the list's first along the network (m, middle to middle): how far a crew walks.</param>
public sealed record LeakCandidate(string Pipe, double Fit, double LeakFlow, double FromFirst = 0);

/// <summary>How the locator fits.</summary>
/// <param name="Stride">Readings between the moments fitted (4: hourly at 15 minutes); each costs a solve per pipe.</param>
/// <param name="AreaWeight">The district meters' residuals' weight against the loggers' (0: loggers only).</param>
/// <param name="AreaDemands">Scale the model's demands area by area to the district meters (as the detector does), not all by one scale.</param>
/// <param name="HourWeights">Weigh each moment's loggers by the alarm's <see cref="LeakAlarm.HourWeight"/> (the steady hours count more).</param>
public sealed record LeakLocatorOptions(int Stride = 4, double AreaWeight = 3, bool AreaDemands = true, bool HourWeights = true);

/// <summary>
/// Localisation by sensitivity, over time: at each fitted moment from the evidence's start to <c>until</c>, the model
/// (that moment's tanks, statuses and inflow) is solved leak-free and, for every pipe, with a trial leak at its middle
/// (half at each end junction) and the same total drawn; the loggers' change is the pipe's signature then, and the
/// district meters' is exact (the trial flow in its area, less each area's usual share of it). One leak flow is fitted
/// for all moments and meters at once (weighted least squares, each logger by the inverse of its leak-free spread,
/// each meter by its own; a positive flow), and the pipes ranked by how much of the stacked residual they explain
/// (cosine similarity). Fitting many moments averages the consumption's hour-to-hour wander away, which one alarm
/// window cannot; the district meters say which area, the loggers where in it.
/// </summary>
public sealed class LeakLocator
{
    private readonly WaterNetwork _network;
    private readonly HydraulicSimulation _model;
    private readonly int[] _sensorNodes;
    private readonly DistrictPartition? _partition;
    private readonly LeakLocatorOptions _options;
    private readonly List<(string Id, int[] Ends, int Area)> _pipes = [];
    private readonly AreaDemands? _areas;

    public LeakLocator(WaterNetwork network, IReadOnlyList<int> sensors, DistrictPartition? partition = null, LeakLocatorOptions? options = null)
    {
        _network = network;
        _model = new HydraulicSimulation(network);
        _sensorNodes = [.. sensors];
        _partition = partition;
        _options = options ?? new LeakLocatorOptions();
        _areas = partition is not null && _options.AreaDemands ? new AreaDemands(network, partition) : null;
        if (_options.Stride < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.Stride, "LeakLocatorOptions.Stride: at least 1 reading");
        var index = network.Junctions.Select((j, k) => (j.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        foreach (var pipe in network.Pipes.Where(p => p.Status == LinkStatus.Open))
        {
            var ends = new[] { pipe.From, pipe.To }.Where(index.ContainsKey).Select(id => index[id]).ToArray();
            if (ends.Length == 0) continue;
            _pipes.Add((pipe.Id, ends, partition?.AreaOfJunction[ends[0]] ?? -1));
        }
    }

    /// <summary>The candidates from the alarm's evidence alone (its start to the alarm).</summary>
    public IReadOnlyList<LeakCandidate> Rank(LeakCase c, LeakAlarm alarm, int count = 5) => Rank(c, alarm, alarm.Time, null, count);

    /// <summary>The candidates from the evidence's start to <paramref name="until"/> (s; the alarm or later), with the district meters' residuals where given.</summary>
    public IReadOnlyList<LeakCandidate> Rank(LeakCase c, LeakAlarm alarm, long until, AreaResiduals? areas, int count = 5)
    {
        int from = Array.IndexOf(c.Times, alarm.EvidenceSince);
        int to = Array.FindLastIndex(c.Times, t => t <= until);
        if (from < 0 || to < from) throw new ArgumentException($"the case has no readings from {alarm.EvidenceSince} to {until}");
        int sensors = _sensorNodes.Length;
        bool useAreas = areas is not null && _partition is not null && _options.AreaWeight > 0;
        int areaCount = useAreas ? _partition!.Areas.Count : 0;
        var ss = new double[_pipes.Count];
        var sr = new double[_pipes.Count];
        double rr = 0;
        var baseline = new double[sensors];
        // Whitened by each logger's leak-free spread: a logger by a cycling pump says less than a steady one.
        var weight = new double[sensors];
        for (int s = 0; s < sensors; s++) weight[s] = 1 / alarm.Spread[s];
        // Fitted moments counted back from the last, so the alarm's own reading is always in.
        for (int i = to; i >= from; i -= _options.Stride)
        {
            long t = c.Times[i];
            int hour = (int)(t % 86400 / 3600);
            double nominal = Math.Max(1e-9, _model.NominalDemand(t));
            double trial = 0.05 * c.Inflow[i];
            HydraulicStep step;
            if (_areas is not null)
            {
                _areas.Fill(t, c.AreaInflow[i]);
                step = _model.Moment(t, c.TankHeads[i], c.States[i], 0, new ArraySegment<(int, double)>(_areas.Buffer, 0, _areas.Junctions));
            }
            else step = _model.Moment(t, c.TankHeads[i], c.States[i], c.Inflow[i] / nominal);
            double w = _options.HourWeights ? alarm.HourWeight[hour] : 1;
            for (int s = 0; s < sensors; s++)
            {
                baseline[s] = Pressure(step, s);
                double r = alarm.Centred[i][s] * weight[s] * w;
                rr += r * r;
            }
            for (int a = 0; a < areaCount; a++)
            {
                double r = areas!.Residual[i][a] / areas.Spread[a] * _options.AreaWeight;
                rr += r * r;
            }
            for (int p = 0; p < _pipes.Count; p++)
            {
                var (_, ends, area) = _pipes[p];
                HydraulicStep leaking;
                if (_areas is not null)
                {
                    // The area's meter holds the trial leak: its customers' share of the reading is that much less.
                    _areas.Fill(t, c.AreaInflow[i]);
                    _areas.Lessen(area, trial, c.AreaInflow[i]);
                    for (int e = 0; e < ends.Length; e++) _areas.Buffer[_areas.Junctions + e] = (ends[e], trial / ends.Length);
                    leaking = _model.Moment(t, c.TankHeads[i], c.States[i], 0, new ArraySegment<(int, double)>(_areas.Buffer, 0, _areas.Junctions + ends.Length));
                }
                else
                {
                    var extra = new (int, double)[ends.Length];
                    for (int e = 0; e < ends.Length; e++) extra[e] = (ends[e], trial / ends.Length);
                    leaking = _model.Moment(t, c.TankHeads[i], c.States[i], (c.Inflow[i] - trial) / nominal, extra);
                }
                for (int s = 0; s < sensors; s++)
                {
                    double g = (Pressure(leaking, s) - baseline[s]) * weight[s] * w;
                    ss[p] += g * g;
                    sr[p] += g * alarm.Centred[i][s] * weight[s] * w;
                }
                for (int a = 0; a < areaCount; a++)
                {
                    double wa = _options.AreaWeight / areas!.Spread[a];
                    double g = trial * ((a == area ? 1 : 0) - areas.TypicalShare[hour, a]) * wa;
                    ss[p] += g * g;
                    sr[p] += g * areas.Residual[i][a] * wa;
                }
            }
        }
        var candidates = new List<LeakCandidate>(_pipes.Count);
        double norm = Math.Sqrt(rr);
        for (int p = 0; p < _pipes.Count; p++)
        {
            if (ss[p] <= 0 || norm <= 0) continue;
            double alpha = sr[p] / ss[p];
            double fit = alpha > 0 ? sr[p] / Math.Sqrt(ss[p]) / norm : 0;
            // The trial was 5 % of the inflow at each moment: the flow is that share of the window's mean inflow.
            candidates.Add(new LeakCandidate(_pipes[p].Id, Math.Round(fit, 4), Math.Max(0, alpha * 0.05 * MeanInflow(c, from, to))));
        }
        return [.. candidates.OrderByDescending(x => x.Fit).ThenBy(x => x.Pipe, StringComparer.Ordinal).Take(count)];
    }

    private static double MeanInflow(LeakCase c, int from, int to)
    {
        double sum = 0;
        for (int i = from; i <= to; i++) sum += c.Inflow[i];
        return sum / (to - from + 1);
    }

    private double Pressure(HydraulicStep step, int s) => step.Head[_sensorNodes[s]] - _network.Junctions[_sensorNodes[s]].Elevation;
}
