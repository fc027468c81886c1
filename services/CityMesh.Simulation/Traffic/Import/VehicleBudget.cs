using System.Globalization;
using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The vehicles a demand file has asked for so far, against <see cref="InputLimits.VehiclesPerSimulation"/>. Counts
/// are doubles: a hostile flow can ask for more than a long holds, and the refusal must still say how many.
/// </summary>
internal sealed class VehicleBudget(InputLimits limits)
{
    public double Total { get; private set; }

    public long Limit => limits.VehiclesPerSimulation;

    /// <summary>Vehicles still allowed beyond <see cref="Total"/>.</summary>
    public long Remaining => (long)Math.Max(0, Limit - Total);

    /// <summary>Adds an element's vehicles; the problem to report when they take the total over the limit, else null.</summary>
    public string? Add(double vehicles, bool many)
    {
        Total += vehicles;
        if (Total <= Limit) return null;
        var asks = many ? $"asks for {Format(vehicles)} vehicles, which brings the demand to {Format(Total)}" : $"brings the demand to {Format(Total)} vehicles";
        return $"{asks}, {Over}";
    }

    /// <summary>Corrects the total once a flow has made its vehicles (a probability flow's count was its expectation).</summary>
    public void Settle(double counted, long made) => Total += made - counted;

    /// <summary>The end of every refusal: the limit and its setting.</summary>
    public string Over => $"more than the {Limit:N0} a simulation may have ({InputLimits.Section}:{nameof(InputLimits.VehiclesPerSimulation)})";

    public static string Format(double count) =>
        count < 1e15 ? count.ToString("N0", CultureInfo.InvariantCulture) : count.ToString("G3", CultureInfo.InvariantCulture);
}
