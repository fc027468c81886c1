namespace CityMesh.Simulation.Water.Leaks;

/// <summary>The monitor's settings: each detector's, the locator's, and how long after the alarm the candidate list is drawn.</summary>
public sealed record LeakMonitorOptions
{
    public LeakDetectorOptions Model { get; init; } = new();
    public NightFlowOptions Night { get; init; } = new();
    public LeakLocatorOptions Locator { get; init; } = new();
    /// <summary>
    /// Hours of readings after the alarm the locator fits as well (set on seed 1): the issue gives 12 h to find a leak,
    /// and the consumption's wander averages away over hours, while the alarm's own window is often an hour or two.
    /// </summary>
    public double LocateAfterHours { get; init; } = 6;
    public int Candidates { get; init; } = 5;
    /// <summary>The model detector's demands scaled area by area to the district meters (<see cref="AreaDemands"/>), not all to the whole inflow.</summary>
    public bool AreaDemands { get; init; } = true;
}

/// <summary>
/// Leak detection and localisation on one network's live meters: the model-based detector (<see cref="LeakDetector"/>,
/// pressure loggers against the solver) and the minimum night flow per district metered area
/// (<see cref="NightFlowDetector"/>) each watch; the first to sound raises the alert, and the locator
/// (<see cref="LeakLocator"/>) ranks the pipes on the readings from the evidence's start to
/// <see cref="LeakMonitorOptions.LocateAfterHours"/> after the alarm.
/// Confidence: each detector that has sounded by then gives p = 1 − 2^(−e), e its evidence in thresholds (the CUSUM's
/// highest since the alarm over its threshold; the night's score over its threshold), so a detector just at its
/// threshold says 0.5 and one at twice it 0.75; the detectors are taken as independent witnesses,
/// confidence = 1 − Π(1 − p). `citymesh eval leaks` prints how often alerts in each band were true.
/// </summary>
public sealed class LeakMonitor
{
    private readonly WaterNetwork _network;
    private readonly IReadOnlyList<int> _sensors;
    private readonly DistrictPartition _partition;
    private readonly LeakMonitorOptions _options;
    private readonly PipeDistances _distances;

    public LeakMonitor(WaterNetwork network, IReadOnlyList<int> sensors, DistrictPartition partition, LeakMonitorOptions? options = null)
    {
        _network = network;
        _sensors = sensors;
        _partition = partition;
        _options = options ?? new LeakMonitorOptions();
        if (!(_options.LocateAfterHours >= 0)) throw new ArgumentOutOfRangeException(nameof(options), _options.LocateAfterHours, "LeakMonitorOptions.LocateAfterHours: 0 or more");
        if (_options.Candidates < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.Candidates, "LeakMonitorOptions.Candidates: at least 1");
        _distances = new PipeDistances(network);
        _concentration = NightFlowDetector.Concentration(network, partition);
    }

    private readonly double[][] _concentration;

    public LeakMonitorOptions Options => _options;

    /// <summary>
    /// Watches <paramref name="readings"/> (the training days from <paramref name="trainingStart"/> to
    /// <paramref name="trainingEnd"/>, s, leak-free; then live) and gives the first alert, if any. Not thread-safe: each
    /// call solves the model; use one monitor per thread.
    /// </summary>
    public LeakFindings Watch(LeakCase readings, long trainingStart, long trainingEnd)
    {
        var detector = new LeakDetector(_network, _sensors, _options.Model, _options.AreaDemands ? _partition : null);
        var evidence = detector.Trace(readings, trainingStart, trainingEnd);
        var model = detector.Detect(evidence);
        var night = new NightFlowDetector(_options.Night, _concentration).Detect(readings.Times, readings.AreaInflow, trainingStart, trainingEnd);
        if (model is null && night is null) return new LeakFindings(null, null, null);

        long alarm = Math.Min(model?.Time ?? long.MaxValue, night?.Time ?? long.MaxValue);
        var times = readings.Times;
        long located = Math.Min(alarm + (long)(_options.LocateAfterHours * 3600), times[^1]);
        int at = Array.FindLastIndex(times, t => t <= located);
        bool modelIn = model is not null && model.Time <= located, nightIn = night is not null && night.Time <= located;
        long start = model is not null && model.Time == alarm ? model.EvidenceSince : night!.Start;
        int since = Math.Max(0, Array.FindIndex(times, t => t >= start));
        var window = evidence.Alarm(since, at, _options.Model.Threshold);
        var areas = AreaResiduals.Of(times, readings.AreaInflow, trainingStart, trainingEnd);
        var ranked = new LeakLocator(_network, _sensors, _partition, _options.Locator with { AreaDemands = _options.AreaDemands }).Rank(readings, window, located, areas, _options.Candidates);
        var candidates = ranked.Select(c => c with { FromFirst = _distances.Between(ranked[0].Pipe, c.Pipe) }).ToArray();

        double pModel = 0, pNight = 0;
        if (modelIn)
        {
            double highest = 0;
            for (int i = Array.IndexOf(times, model!.Time); i <= at; i++) highest = Math.Max(highest, evidence.Cusum[i]);
            pModel = 1 - Math.Pow(2, -highest / _options.Model.Threshold);
        }
        if (nightIn) pNight = 1 - Math.Pow(2, -night!.Score / _options.Night.Threshold);
        double confidence = 1 - (1 - pModel) * (1 - pNight);
        int area = candidates.Length > 0 ? _partition.AreaOfPipe(_network, candidates[0].Pipe) : night?.Area ?? -1;
        if (area < 0 && night is not null) area = night.Area;
        string raisedBy = (modelIn, nightIn) switch
        {
            (true, true) => model!.Time <= night!.Time ? "model+night flow" : "night flow+model",
            (true, false) => "model",
            _ => "night flow",
        };
        var alert = new LeakAlert(area, area >= 0 ? _partition.Areas[area].Name : "-", start, alarm, located, Math.Round(confidence, 3),
            candidates.Length > 0 ? candidates[0].LeakFlow : night?.ExcessFlow ?? 0, raisedBy, candidates);
        return new LeakFindings(model, night, alert);
    }
}
