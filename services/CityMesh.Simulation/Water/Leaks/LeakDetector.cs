using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>The detector's settings: the CUSUM's allowance and threshold on the loggers' squared standardised residuals.</summary>
/// <param name="Allowance">Subtracted each reading from the statistic (in its standard deviations) so noise drifts the sum down.</param>
/// <param name="Threshold">The sum at which the alarm sounds.</param>
/// <param name="Window">Readings each logger's residual is averaged over (the last two hours at 15 minutes).</param>
public sealed record LeakDetectorOptions(double Allowance = 12, double Threshold = 96, int Window = 8);

/// <summary>An alarm: when, how sure, since when the evidence built up, and the loggers' mean residual (m) over that time.</summary>
/// <param name="Confidence">How far past the threshold the evidence went at the alarm, 0–1 (1: twice the threshold or more).</param>
/// <param name="Spread">Each logger's leak-free residual spread (m), so a locator trusts the steady loggers more.</param>
/// <param name="Centred">Every reading's residual less its hour's training mean, by reading and logger (m): what a locator fits after the alarm too.</param>
/// <param name="Evidence">The CUSUM's value at the alarm, in its threshold's units (1: just at it).</param>
/// <param name="HourWeight">By hour of day, the inverse of the loggers' pooled leak-free spread then relative to their overall one: the hours a fit should trust more (the night's, when consumption and its wander are least).</param>
public sealed record LeakAlarm(long Time, long EvidenceSince, double Confidence, double[] MeanResidual, double[] Spread, double[][] Centred, double Evidence, double[] HourWeight);

/// <summary>
/// Model-based leak detection on one area's meters: every reading, the hydraulic model of the network, its tanks and
/// statuses as measured and every demand scaled so the model draws what the inflow meters read (each district metered
/// area's own, where the detector is given the areas: <see cref="AreaDemands"/>; else one scale to the whole), gives the
/// pressures a leak-free network would have; a leak draws its water at one place, not spread with the demands, so the
/// loggers near it read low. The residuals (logger − model) are standardised by what the training days showed per
/// logger and hour of day, their squares summed over the loggers, and a one-sided CUSUM of that sum (in its standard
/// deviations, less an allowance) sounds the alarm at a threshold. The start of the evidence (the CUSUM last at zero)
/// is taken as the leak's start.
/// </summary>
public sealed class LeakDetector
{
    private readonly WaterNetwork _network;
    private readonly HydraulicSimulation _model;
    private readonly int[] _sensorNodes;
    private readonly LeakDetectorOptions _options;

    private readonly AreaDemands? _areas;

    /// <param name="partition">The district metered areas: given, the model's demands are scaled area by area to their meters (<see cref="AreaDemands"/>); null, all by one scale to the whole inflow.</param>
    public LeakDetector(WaterNetwork network, IReadOnlyList<int> sensors, LeakDetectorOptions? options = null, DistrictPartition? partition = null)
    {
        _network = network;
        _model = new HydraulicSimulation(network);
        _sensorNodes = [.. sensors];
        _options = options ?? new LeakDetectorOptions();
        _areas = partition is null ? null : new AreaDemands(network, partition);
    }

    /// <summary>The model's residuals at every reading: logger − model (m), by reading and logger.</summary>
    public double[][] Residuals(LeakCase c)
    {
        var residuals = new double[c.Times.Length][];
        for (int i = 0; i < c.Times.Length; i++)
        {
            long t = c.Times[i];
            HydraulicStep step;
            if (_areas is not null)
            {
                _areas.Fill(t, c.AreaInflow[i]);
                step = _model.Moment(t, c.TankHeads[i], c.States[i], 0, new ArraySegment<(int, double)>(_areas.Buffer, 0, _areas.Junctions));
            }
            else step = _model.Moment(t, c.TankHeads[i], c.States[i], c.Inflow[i] / Math.Max(1e-9, _model.NominalDemand(t)));
            residuals[i] = [.. _sensorNodes.Select((n, s) => c.Pressure[i][s] - (step.Head[n] - _network.Junctions[n].Elevation))];
        }
        return residuals;
    }

    /// <summary>The first alarm after the training days (from <paramref name="trainingStart"/> to <paramref name="trainingEnd"/>, seconds), or null.</summary>
    public LeakAlarm? Detect(LeakCase c, long trainingStart, long trainingEnd) => Detect(Trace(c.Times, Residuals(c), trainingStart, trainingEnd));

    /// <summary>The evidence at every reading of a case (its residuals standardised, and the CUSUM).</summary>
    public LeakEvidence Trace(LeakCase c, long trainingStart, long trainingEnd) => Trace(c.Times, Residuals(c), trainingStart, trainingEnd);

    public LeakAlarm? Detect(long[] times, double[][] residuals, long trainingStart, long trainingEnd) => Detect(Trace(times, residuals, trainingStart, trainingEnd));

    /// <summary>The first reading at which the CUSUM reaches the threshold, as an alarm, or null.</summary>
    public LeakAlarm? Detect(LeakEvidence e)
    {
        for (int i = 0; i < e.Times.Length; i++)
            if (e.Cusum[i] >= _options.Threshold) return e.Alarm(i, _options.Threshold);
        return null;
    }

    /// <summary>The most one reading adds to the evidence, in standard deviations: a glitch of one reading is not a leak.</summary>
    public const double MaxDeparture = 50;

    public LeakEvidence Trace(long[] times, double[][] residuals, long trainingStart, long trainingEnd)
    {
        int sensors = _sensorNodes.Length;
        bool Training(int i) => times[i] >= trainingStart && times[i] < trainingEnd;
        // What a leak-free logger's residual is, by hour of day, and how much it wanders.
        var mean = new double[24, sensors];
        var count = new int[24];
        for (int i = 0; i < times.Length; i++)
        {
            if (!Training(i)) continue;
            int h = (int)(times[i] % 86400 / 3600);
            count[h]++;
            for (int s = 0; s < sensors; s++) mean[h, s] += residuals[i][s];
        }
        for (int h = 0; h < 24; h++) for (int s = 0; s < sensors; s++) mean[h, s] /= Math.Max(1, count[h]);
        // Centred on the hour's training mean, then averaged over the last Window readings: a leak holds, while a pump
        // starting or a tank's valve switching moves the model's error for a reading or two.
        var centred = new double[times.Length][];
        for (int i = 0; i < times.Length; i++)
        {
            int h = (int)(times[i] % 86400 / 3600);
            centred[i] = new double[sensors];
            for (int s = 0; s < sensors; s++) centred[i][s] = residuals[i][s] - mean[h, s];
        }
        var smooth = new double[times.Length][];
        for (int i = 0; i < times.Length; i++)
        {
            smooth[i] = new double[sensors];
            int from = Math.Max(0, i - _options.Window + 1);
            for (int s = 0; s < sensors; s++)
            {
                double sum = 0;
                for (int k = from; k <= i; k++) sum += centred[k][s];
                smooth[i][s] = sum / (i - from + 1);
            }
        }
        residuals = smooth;
        for (int h = 0; h < 24; h++) for (int s = 0; s < sensors; s++) mean[h, s] = 0;

        // The spread about the logger's overall mean, not its hour's: it takes in how much a leak-free day's residuals
        // wander from the training days' by the hour (the city's consumption shifts from day to day, and with it where
        // the model's proportional demands miss), so a day unlike the training days is not taken for a leak.
        var overall = new double[sensors];
        int n = 0;
        for (int i = 0; i < times.Length; i++)
        {
            if (!Training(i)) continue;
            n++;
            for (int s = 0; s < sensors; s++) overall[s] += residuals[i][s];
        }
        for (int s = 0; s < sensors; s++) overall[s] /= Math.Max(1, n);
        var spread = new double[sensors];
        for (int i = 0; i < times.Length; i++)
            if (Training(i))
                for (int s = 0; s < sensors; s++) spread[s] += Math.Pow(residuals[i][s] - overall[s], 2);
        for (int s = 0; s < sensors; s++) spread[s] = Math.Max(1e-3, Math.Sqrt(spread[s] / Math.Max(1, n - 1)));

        double cusum = 0;
        int since = -1;
        var trace = new double[times.Length];
        var sinceTrace = new int[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            sinceTrace[i] = -1;
            if (times[i] < trainingEnd) continue;
            int h = (int)(times[i] % 86400 / 3600);
            // The logger that departs most from its leak-free residual: a leak shows most at the loggers nearest it,
            // while the city's day-to-day drift moves them all a little.
            double largest = 0;
            for (int s = 0; s < sensors; s++) largest = Math.Max(largest, Math.Abs((residuals[i][s] - mean[h, s]) / spread[s]));
            double g = Math.Min(largest, MaxDeparture) - _options.Allowance;
            if (cusum == 0 && g > 0) since = i;
            cusum = Math.Max(0, cusum + g);
            if (cusum == 0) since = -1;
            trace[i] = cusum;
            sinceTrace[i] = since;
        }
        // How much the standardised, centred residuals wander at each hour of the training days, pooled over the loggers.
        var wander = new double[24];
        var readings = new int[24];
        for (int i = 0; i < times.Length; i++)
        {
            if (!Training(i)) continue;
            int h = (int)(times[i] % 86400 / 3600);
            readings[h]++;
            for (int s = 0; s < sensors; s++) wander[h] += Math.Pow(centred[i][s] / spread[s], 2) / sensors;
        }
        var hourWeight = new double[24];
        // Floored at a tenth of the overall: two days can show an hour steadier than it is.
        double all = wander.Sum() / Math.Max(1, readings.Sum());
        for (int h = 0; h < 24; h++) hourWeight[h] = 1 / Math.Sqrt(Math.Max(0.1 * all, readings[h] > 0 ? wander[h] / readings[h] : all) / Math.Max(1e-12, all));
        return new LeakEvidence(times, centred, spread, trace, sinceTrace, hourWeight);
    }
}

/// <summary>The model-based detector's evidence at every reading: residuals centred by the training hour (m), each logger's spread, the CUSUM and the reading it last left zero at (−1: at zero).</summary>
public sealed record LeakEvidence(long[] Times, double[][] Centred, double[] Spread, double[] Cusum, int[] Since, double[] HourWeight)
{
    /// <summary>The alarm at reading <paramref name="i"/> (the CUSUM above zero there), its evidence since the CUSUM last left zero.</summary>
    public LeakAlarm Alarm(int i, double threshold) => Alarm(Since[i] < 0 ? i : Since[i], i, threshold);

    /// <summary>An alarm with its evidence from reading <paramref name="since"/> to <paramref name="i"/> (for an alarm another detector raised).</summary>
    public LeakAlarm Alarm(int since, int i, double threshold)
    {
        int sensors = Spread.Length;
        var mean = new double[sensors];
        // The evidence's residual, unsmoothed (the average would mix in readings from before it began).
        for (int k = since; k <= i; k++) for (int s = 0; s < sensors; s++) mean[s] += Centred[k][s];
        for (int s = 0; s < sensors; s++) mean[s] /= i - since + 1;
        return new LeakAlarm(Times[i], Times[since], Math.Clamp(Cusum[i] / threshold - 1, 0, 1), mean, Spread, Centred, Cusum[i] / threshold, HourWeight);
    }
}
