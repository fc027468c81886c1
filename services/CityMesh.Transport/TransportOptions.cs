using CityMesh.Limits.Settings;

namespace CityMesh.Transport;

/// <summary>Settings under <c>CityMesh:Transport</c>.</summary>
public sealed record TransportOptions : ISettings<TransportOptions>
{
    public const string Section = "CityMesh:Transport";

    static string ISettings<TransportOptions>.Section => Section;

    /// <summary>Read by the route planner (<see cref="Routing.TravelTimeOptions"/>) and the forecaster (<see cref="Forecasting.Live.ForecastingOptions"/>).</summary>
    static IReadOnlyList<string> ISettings<TransportOptions>.ReadElsewhere => ["Routing", "Forecasting"];

    /// <summary>The city whose roads this service watches: the city segment of entity ids; null uses <c>CityMesh:City:Name</c>.</summary>
    public string? City { get; init; }

    /// <summary>How long after a network change (a signal retimed, a road added) the twin is read again, gathering bursts.</summary>
    public TimeSpan ResyncDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait between attempts while the twin cannot be read at start.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public Congestion.CongestionOptions Congestion { get; init; } = new();

    public Retiming.RetimingOptions Retiming { get; init; } = new();

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public TransportOptions Validated()
    {
        if (ResyncDelay < TimeSpan.Zero) throw new InvalidOperationException($"{Section}:ResyncDelay is {ResyncDelay}; it must not be negative.");
        if (RetryDelay <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:RetryDelay is {RetryDelay}; it must be positive.");
        Congestion.Validate($"{Section}:Congestion");
        Retiming.Validate($"{Section}:Retiming");
        return this;
    }
}
