namespace CityMesh.Simulation.Air.Index;

/// <summary>
/// One band of the local index. <see cref="Upper"/> holds, per pollutant, the highest mean (over that pollutant's
/// averaging time in <see cref="AirIndexDefinition.AveragingHours"/>) still in this band. A pollutant a band leaves out
/// skips the band: its values between the neighbouring bands' bounds fall in the next band that names it (WHO gives
/// gases fewer interim targets than particles, and the index invents no levels). The last band is open: no bounds.
/// </summary>
public sealed record AirBand(
    string Name, string Colour, IReadOnlyDictionary<string, double> Upper, string PublicMessage, string SensitiveMessage);
