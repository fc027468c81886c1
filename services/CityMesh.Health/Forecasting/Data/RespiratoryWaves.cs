namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Respiratory epidemic waves (influenza, RSV, COVID-19 and what they set off in older people): onsets arrive as a
/// Poisson process whose rate follows the season (highest in mid-November, none in mid-May), each wave an SIR curve
/// (<see cref="SirCurve"/>) with its own R0 and size, reaching every hospital with its own share (catchment age mix)
/// and a lag of 0 to <see cref="MaxLagDays"/> days (districts are reached at different times).
/// </summary>
internal sealed class RespiratoryWaves
{
    public const int MaxLagDays = 5;

    /// <summary>Onsets are scanned from this many days before day 0, so a wave can be under way on the first day.</summary>
    public const int LeadDays = 120;

    public const int OnsetPeakDayOfYear = 320;

    public const double InfectiousDays = 3;

    private readonly List<(RespiratoryWave Label, double[] Shape, int Start, int Number)> _waves = [];
    private readonly int _seed;

    public IReadOnlyList<RespiratoryWave> Labels => _waves.Select(w => w.Label).ToArray();

    public RespiratoryWaves(AdmissionsDataOptions options)
    {
        _seed = options.Seed;
        if (options.WavesPerYear <= 0) return;
        var onsets = DrawStreams.For(options.Seed, "wave-onsets");
        for (int day = -LeadDays; day < options.Days; day++)
        {
            var date = options.FirstDay.AddDays(day);
            double rate = options.WavesPerYear / 365.25 * (1 + Math.Cos(2 * Math.PI * (date.DayOfYear - OnsetPeakDayOfYear) / 365.25));
            if (!onsets.Chance(rate)) continue;
            int number = _waves.Count;
            var own = DrawStreams.For(options.Seed, "wave", number);
            double r0 = own.Next(1.3, 1.8);
            double peakShare = Math.Min(0.3, options.WaveMedianPeak * Math.Exp(0.5 * own.Normal()));
            var shape = SirCurve.Shape(r0, InfectiousDays);
            int peak = Array.IndexOf(shape, shape.Max());
            _waves.Add((new RespiratoryWave(day, day + peak, day + shape.Length - 1, peakShare, r0), shape, day, number));
        }
    }

    /// <summary>1 plus the waves' extra admissions at a hospital on each day, as a share of its level.</summary>
    public double[] Factors(int hospital, int days)
    {
        var factor = new double[days];
        Array.Fill(factor, 1.0);
        foreach (var (label, shape, start, number) in _waves)
        {
            var (share, lag) = HospitalResponse(number, hospital);
            for (int k = 0; k < shape.Length; k++)
            {
                int day = start + lag + k;
                if (day >= 0 && day < days) factor[day] += label.PeakShare * share * shape[k];
            }
        }
        return factor;
    }

    /// <summary>A hospital's share of a wave (log-normal, σ 0.3, mean 1) and its lag, from the wave's and hospital's own stream.</summary>
    private (double Share, int Lag) HospitalResponse(int wave, int hospital)
    {
        var random = DrawStreams.For(_seed, "wave-hospital", wave, hospital);
        const double sigma = 0.3;
        return (Math.Exp(sigma * random.Normal() - sigma * sigma / 2), random.Next(0, MaxLagDays + 1));
    }
}
