using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using CityMesh.Simulation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// The simulated city's emergency calls, for a live demonstration (<c>citymesh up</c>): calls arrive as a Poisson
/// process of <see cref="SimulatedCallsOptions.PerHour"/> (exponential gaps on the wall clock), each at a random place
/// on a random street of the city, and go in through <see cref="CallIntake"/>, the path of <c>POST /health/calls</c>,
/// so dispatch serves them as it serves any call. Off unless a rate is set. Gaps, places and needs follow the seed.
/// </summary>
public sealed class SimulatedCalls(SimulatedCallsOptions options, int citySeed, HealthView view, CallIntake intake, TimeProvider clock,
    ILogger<SimulatedCalls> logger) : BackgroundService
{
    private readonly SeededRandom _places = SeededRandom.For(options.Seed ?? citySeed, "simulated call places");
    private long _raised;

    /// <summary>Calls taken into the twin so far.</summary>
    public long Raised => Interlocked.Read(ref _raised);

    /// <summary>The gaps between calls, in hours: exponential with mean 1 / <paramref name="perHour"/>, endless.</summary>
    public static IEnumerable<double> Gaps(int seed, double perHour)
    {
        var random = SeededRandom.For(seed, "simulated call arrivals");
        while (true) yield return -Math.Log(1 - random.NextDouble()) / perHour;
    }

    /// <summary>A random place on a random street of the city: a call comes from where people are, beside a road.</summary>
    public static Position? PlaceOn(IReadOnlyList<RoadLine> roads, SeededRandom random)
    {
        if (roads.Count == 0) return null;
        var road = random.Pick(roads);
        if (road.Points.Count < 2) return road.Points.Count == 1 ? road.Points[0] : null;
        var i = random.Next(1, road.Points.Count);
        var (a, b) = (road.Points[i - 1], road.Points[i]);
        var f = random.NextDouble();
        return new Position(a.Longitude + (b.Longitude - a.Longitude) * f, a.Latitude + (b.Latitude - a.Latitude) * f);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PerHour <= 0) return;
        // Calls need the city's roads: wait until health has read the twin.
        while (!view.Ready) await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stoppingToken);
        logger.LogInformation("Simulated emergency calls: {PerHour} an hour", options.PerHour);
        foreach (var gap in Gaps(options.Seed ?? citySeed, options.PerHour))
        {
            await Task.Delay(TimeSpan.FromHours(gap), clock, stoppingToken);
            try
            {
                await RaiseAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("A simulated call was not raised: {Reason}", e.Message);
            }
        }
    }

    /// <summary>One call: where, how urgent, what bed the patient will likely need (most need a general bed).</summary>
    public async Task<CallTaken?> RaiseAsync(CancellationToken ct)
    {
        if (PlaceOn(view.Current.Roads, _places) is not { } place) return null;
        var u = _places.NextDouble();
        var priority = u < 0.2 ? "immediate" : u < 0.7 ? "urgent" : "routine";
        var v = _places.NextDouble();
        var need = v < 0.8 ? BedTypes.General : v < 0.95 ? BedTypes.Icu : BedTypes.Paediatric;
        var taken = await intake.TakeAsync(new CallEndpoints.CallBody(new CallEndpoints.CallPoint(place.Latitude, place.Longitude), priority, need,
            "simulated call"), ct);
        if (taken.Id is null) logger.LogWarning("A simulated call was refused: {Field}: {Detail}", taken.Field, taken.Detail);
        else Interlocked.Increment(ref _raised);
        return taken;
    }
}

/// <summary>Simulated emergency calls (<c>CityMesh:Health:SimulatedCalls</c>), off by default.</summary>
public sealed record SimulatedCallsOptions
{
    /// <summary>Calls an hour of the wall clock; 0 (the default) raises none. <c>citymesh up</c> sets it from the city's rate and its time acceleration.</summary>
    public double PerHour { get; init; }

    /// <summary>Seed of the arrivals and places; null uses <c>CityMesh:City:Seed</c>.</summary>
    public int? Seed { get; init; }

    internal void Validate(string section)
    {
        if (!double.IsFinite(PerHour) || PerHour < 0 || PerHour > 36_000)
            throw new InvalidOperationException($"{section}:PerHour is {PerHour}; it must be from 0 (off) to 36000.");
    }
}
