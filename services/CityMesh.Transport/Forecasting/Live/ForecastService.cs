using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Models;
using CityMesh.Transport.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport.Forecasting.Live;

/// <summary>
/// The live forecaster of the transport service. It is trained on simulated days of the city's own network (the
/// twin's, as the view holds it) with demand from <see cref="ForecastingOptions.TrainingFlow"/> or the detectors'
/// flows, in the background; readings reach it from the twin feed once it exists. Until then forecasts answer with
/// the training's progress.
/// </summary>
public sealed class ForecastService : BackgroundService
{
    private readonly TransportView _view;
    private readonly ForecastingOptions _options;
    private readonly TimeSpan _utcOffset;
    private readonly ILogger<ForecastService> _log;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DetectorForecaster? _forecaster;
    private IReadOnlyDictionary<string, string> _roadByDetector = new Dictionary<string, string>();
    private int _daysDone;
    private volatile bool _training;

    public ForecastService(TransportView view, TwinFeed feed, ForecastingOptions options, TimeSpan utcOffset, ILogger<ForecastService> log)
    {
        (_view, _options, _utcOffset, _log) = (view, options, utcOffset, log);
        feed.ReadingsApplied += (_, readings) =>
        {
            if (Volatile.Read(ref _forecaster) is not { } forecaster) return;
            foreach (var (_, reading) in readings)
                if (reading.At is { } at) forecaster.Observe(reading.Detector, at, reading.FlowPerHour, reading.SpeedKmh);
        };
    }

    /// <summary>The trained forecaster, or null while training has not finished (and it starts training if it had not).</summary>
    public DetectorForecaster? Forecaster
    {
        get
        {
            _requested.TrySetResult();
            return Volatile.Read(ref _forecaster);
        }
    }

    /// <summary>What training is doing, for an answer while it runs.</summary>
    public string Status => Error ?? (_training
        ? $"training on simulated days: {_daysDone} of {_options.TrainingDays} done"
        : "waiting for the road network and its detectors' flows before training");

    /// <summary>Why training failed, if it did.</summary>
    public string? Error { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!_options.TrainAtStart) await _requested.Task.WaitAsync(ct);
        // Without a training flow the hour is drawn from detector flows, which arrive shortly after the network.
        TransportNetwork? network;
        while ((network = _view.Current) is null || (_options.TrainingFlow is null && !network.Readings.Values.Any(r => r.FlowPerHour > 0)))
            await Task.Delay(500, ct);
        _training = true;
        try
        {
            var forecaster = await Task.Run(() => Train(network, ct), ct);
            Volatile.Write(ref _forecaster, forecaster);
            _log.LogInformation("Forecaster trained on {Days} simulated days of {City}'s {Roads} roads", _options.TrainingDays, network.City, network.Roads.Edges.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Error = $"training failed: {e.Message}";
            _log.LogError(e, "Forecaster training failed");
        }
    }

    private DetectorForecaster Train(TransportNetwork network, CancellationToken ct)
    {
        var hour = TrainingHour(network);
        var data = ForecastDataGenerator.Generate(network.Roads, hour, new ForecastDataOptions { Days = _options.TrainingDays, Seed = _options.Seed },
            new Progress<int>(done => _daysDone = done), ct);
        var trained = TrainedForecast.Train(data, DetectorNeighbours.From(network.Roads, data.Roads));
        lock (_gate) _roadByDetector = TransportNetworks.RoadByDetector(network);
        return new DetectorForecaster(trained, _roadByDetector, _utcOffset);
    }

    /// <summary>The hour each simulated day replays: the configured flow, or one drawn from what detectors report now.</summary>
    private TrafficDemand TrainingHour(TransportNetwork network)
    {
        if (_options.TrainingFlow is { } path) return CityFlowFlowReader.Read(path, network.Roads);
        var flows = network.Readings.Where(r => r.Value.FlowPerHour is > 0).ToDictionary(r => r.Key, r => r.Value.FlowPerHour!.Value, StringComparer.Ordinal);
        var drawn = ObservedFlowDemand.Generate(network.Roads, flows, 3600, _options.Seed);
        return drawn.Demand.Trips.Count > 0 ? drawn.Demand
            : throw new InvalidOperationException($"no {ForecastingOptions.Section}:TrainingFlow is set and no detector reports a flow to draw an hour of demand from");
    }
}
