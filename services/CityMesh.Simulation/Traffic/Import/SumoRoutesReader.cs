using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads SUMO demand (.rou.xml: vType, route, vehicle, trip, flow) against a network into a
/// <see cref="TrafficDemand"/>: flows are expanded, trips routed by free-flow time, every route checked for
/// connectivity, and trips sorted by departure (file order among equal times). vType distributions are drawn per
/// vehicle. Route distributions, persons,
/// containers and stops are not supported and raise an error rather than being dropped silently.
/// </summary>
public static class SumoRoutesReader
{
    /// <summary>SUMO's own default seed, used when none is given.</summary>
    public const int DefaultSeed = 23423;

    /// <param name="limits">Bounds on the file's size and the vehicles it may ask for; the defaults when null.</param>
    /// <param name="additional">
    /// Additional files (SUMO's <c>-a</c>), read first as SUMO reads them: their vTypes, distributions, routes and
    /// vehicles join the demand; traffic lights are the network's, detectors and shapes change no vehicle; anything
    /// else is refused naming the element.
    /// </param>
    public static TrafficDemand Read(string path, TrafficNetwork network, int? seed = null, InputLimits? limits = null,
        IReadOnlyList<string>? additional = null)
    {
        limits ??= InputLimits.Default;
        var demand = new SumoDemandFile(network, new Random(seed ?? DefaultSeed), limits);
        foreach (var file in additional ?? [])
        {
            using var add = new XmlElementReader(file, limits);
            if (!add.NextElement() || add.Element is not ("additional" or "add" or "routes"))
                throw new TrafficImportException(file, $"line {add.Line}: expected a SUMO additional file, whose root element is <additional>");
            demand.Load(add, additional: true);
        }
        using (var xml = new XmlElementReader(path, limits))
        {
            if (!xml.NextElement() || xml.Element != "routes")
                throw new TrafficImportException(path, $"line {xml.Line}: expected SUMO routes, whose root element is <routes>");
            demand.Load(xml);
        }
        return new TrafficDemand(demand.Types, [.. demand.Trips.OrderBy(t => t.Depart)]);
    }
}
