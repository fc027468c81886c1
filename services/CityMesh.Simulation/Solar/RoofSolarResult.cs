namespace CityMesh.Simulation.Solar;

/// <summary>One roof's solar potential over the year.</summary>
/// <param name="Id">The building's id, as given.</param>
/// <param name="AnnualKwhPerM2">Irradiation on the roof surface, kWh/m² a year (the mean of its sample points).</param>
/// <param name="Class">Its band (<see cref="SolarClasses"/>).</param>
/// <param name="ShadedFraction">Of the sun positions in front of the roof's planes, the share another building hid
/// (over the roof's sample points).</param>
/// <param name="UnshadedKwhPerM2">What the roof would get with no neighbours: the shading's cost is the difference.</param>
/// <param name="SurfaceArea">Roof surface, m² (footprint / cos pitch).</param>
/// <param name="Kwp">The PV system that fits: usable surface × module efficiency, kWp.</param>
/// <param name="SpecificYield">AC kWh per kWp a year.</param>
/// <param name="AnnualKwh">AC kWh a year: kWp × specific yield.</param>
public sealed record RoofSolarResult(
    string Id,
    double AnnualKwhPerM2,
    SolarClass Class,
    double ShadedFraction,
    double UnshadedKwhPerM2,
    double SurfaceArea,
    double Kwp,
    double SpecificYield,
    double AnnualKwh);

/// <summary>A city's roofs assessed, with what it took.</summary>
/// <param name="Roofs">One per building, in the order given.</param>
/// <param name="Backend">Where the roofs × suns sums ran.</param>
/// <param name="SunPositions">Sun positions above the horizon in the year.</param>
/// <param name="Samples">Roof sample points.</param>
/// <param name="AnnualGhi">The clear-sky (index-scaled) GHI of the year, kWh/m²: an open flat roof's irradiation.</param>
/// <param name="KernelSeconds">Seconds of the roofs × suns sums themselves (on a device, the kernel alone).</param>
/// <param name="SumsSeconds">Seconds of the sums with what they need around them (on a device, the copies in and out).</param>
public sealed record SolarAssessment(
    IReadOnlyList<RoofSolarResult> Roofs,
    string Backend,
    int SunPositions,
    int Samples,
    double AnnualGhi,
    double KernelSeconds,
    double SumsSeconds)
{
    /// <summary>Rays the sums considered: samples × sun positions.</summary>
    public long Pairs => (long)Samples * SunPositions;
}
