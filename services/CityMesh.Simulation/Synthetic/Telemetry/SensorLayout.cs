namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Places generated sensors when no twin supplies them: each kind on its own square grid around the anchor, spacing
/// <see cref="TelemetrySynthesisOptions.GridSpacingMetres"/>, jittered by up to 30 % of a cell and offset per kind so
/// the kinds interleave like a real city's. Ids are NGSI-LD URNs of the twin entity type under the city segment
/// "synthetic", so published readings pass the ingestor's id checks.
/// </summary>
public static class SensorLayout
{
    public const string City = "synthetic";
    private const double MetresPerDegreeLatitude = 111_320;

    public static IReadOnlyList<SensorSite> Generate(TelemetrySynthesisOptions options, int seed)
    {
        var random = new Random(seed ^ 0x51735);
        var sites = new List<SensorSite>(options.Kinds.Count * options.SitesPerKind);
        var metresPerDegreeLongitude = MetresPerDegreeLatitude * Math.Cos(options.AnchorLatitude * Math.PI / 180);
        foreach (var kind in options.Kinds)
        {
            var k = SensorKinds.All.ToList().IndexOf(kind);
            var columns = (int)Math.Ceiling(Math.Sqrt(options.SitesPerKind));
            var half = (columns - 1) / 2.0;
            for (var i = 0; i < options.SitesPerKind; i++)
            {
                var east = (i % columns - half + 0.25 * k + 0.6 * (random.NextDouble() - 0.5)) * options.GridSpacingMetres;
                var north = (i / columns - half + 0.25 * k + 0.6 * (random.NextDouble() - 0.5)) * options.GridSpacingMetres;
                var id = $"urn:ngsi-ld:{SensorKinds.EntityTypeOf(kind)}:{City}:{Prefix(kind)}{i + 1:D3}";
                sites.Add(new SensorSite(id, kind,
                    Math.Round(options.AnchorLatitude + north / MetresPerDegreeLatitude, 6),
                    Math.Round(options.AnchorLongitude + east / metresPerDegreeLongitude, 6)));
            }
        }
        return sites;
    }

    private static string Prefix(string kind) => kind switch
    {
        SensorKinds.TrafficDetector => "td",
        SensorKinds.AirQuality => "aq",
        SensorKinds.EnergyMeter => "em",
        _ => "wm",
    };
}
