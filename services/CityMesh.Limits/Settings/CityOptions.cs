namespace CityMesh.Limits.Settings;

/// <summary>Settings under <c>CityMesh:City</c>: which city this release runs and how it is seeded.</summary>
public sealed record CityOptions : ISettings<CityOptions>
{
    public const string Section = "CityMesh:City";

    static string ISettings<CityOptions>.Section => Section;

    /// <summary>The path CI and users have, relative to the repository root (the data sit beside the checkout).</summary>
    public const string DefaultRoadNetwork = "../shared/data/traffic/Jinan_3_4/roadnet_3_4.json";

    /// <summary>
    /// Quancheng Square, central Jinan (36.6612 N, 117.0201 E). The CityFlow Jinan network is a schematic grid in
    /// local metres with no geographic reference of its own, so its origin (intersection_1_1) is placed here.
    /// </summary>
    public const double JinanAnchorLatitude = 36.6612;
    public const double JinanAnchorLongitude = 117.0201;

    public bool Enabled { get; init; }

    public string Name { get; init; } = "Jinan";

    /// <summary>
    /// The road network file, in <see cref="RoadNetworkFormat"/>: absolute, or relative to the working directory or the
    /// repository root.
    /// </summary>
    public string RoadNetwork { get; init; } = DefaultRoadNetwork;

    /// <summary>What <see cref="RoadNetwork"/> is: a CityFlow roadnet JSON or a SUMO network (.net.xml).</summary>
    public RoadNetworkFormat RoadNetworkFormat { get; init; } = RoadNetworkFormat.CityFlow;

    /// <summary>
    /// SUMO additional files (SUMO's <c>-a</c>) read with a SUMO network: their traffic-light programmes replace the
    /// network's, and their vehicle types serve its demand. Found like <see cref="RoadNetwork"/>.
    /// </summary>
    public IReadOnlyList<string> SumoAdditional { get; init; } = [];

    /// <summary>
    /// Where the road network's (0, 0) lies, WGS84 degrees. A SUMO network that carries a projection (its
    /// <c>&lt;location projParameter&gt;</c>) is placed by that instead.
    /// </summary>
    public double AnchorLatitude { get; init; } = JinanAnchorLatitude;
    public double AnchorLongitude { get; init; } = JinanAnchorLongitude;

    /// <summary>Drives every generated placement and value: the same seed builds the same city.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// The water utility's own network, an EPANET input file (.inp) found like <see cref="RoadNetwork"/>: seeded beside
    /// the generated one as network <see cref="WaterNetworkId"/>, which the safety service then keeps live
    /// (<c>CityMesh:Safety:WaterNetwork</c>). Null: only the network generated under the streets.
    /// </summary>
    public string? WaterNetworkFile { get; init; }

    /// <summary>The id the file's network takes in the twin (lower-case letters and digits; entity ids <c>id-element</c>).</summary>
    public string WaterNetworkId { get; init; } = "utility";

    /// <summary>Where the file's (0, 0) lies, WGS84 degrees; null: at the road network's anchor.</summary>
    public double? WaterNetworkLatitude { get; init; }
    public double? WaterNetworkLongitude { get; init; }

    /// <summary>Metres per unit of the file's coordinates (EPANET's examples are drawn in feet: 0.3048).</summary>
    public double WaterNetworkScale { get; init; } = 1;

    /// <summary>The city's offset from UTC for daily profiles (China Standard Time has no daylight saving).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Entities written per twin upsert while seeding.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>The city segment of entity ids: the name in lower case, other characters than letters and digits as '-'.</summary>
    public string IdSegment
    {
        get
        {
            var chars = Name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
            var segment = new string(chars).Trim('-');
            return segment.Length > 0 ? segment : throw new InvalidOperationException($"{Section}:Name '{Name}' has no letters or digits to build entity ids from.");
        }
    }

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public CityOptions Validated()
    {
        _ = IdSegment; // every module that names the city's entities builds ids from it
        if (!double.IsFinite(AnchorLatitude) || Math.Abs(AnchorLatitude) > 90)
            throw new InvalidOperationException($"{Section}:AnchorLatitude is {AnchorLatitude}; it must be from -90 to 90 degrees.");
        if (!double.IsFinite(AnchorLongitude) || Math.Abs(AnchorLongitude) > 180)
            throw new InvalidOperationException($"{Section}:AnchorLongitude is {AnchorLongitude}; it must be from -180 to 180 degrees.");
        // The span of offsets in use on Earth, UTC-12 to UTC+14.
        if (UtcOffset < TimeSpan.FromHours(-12) || UtcOffset > TimeSpan.FromHours(14))
            throw new InvalidOperationException($"{Section}:UtcOffset is {UtcOffset}; it must be from -12:00:00 to 14:00:00.");
        if (WaterNetworkLatitude is { } wl && (!double.IsFinite(wl) || Math.Abs(wl) > 90))
            throw new InvalidOperationException($"{Section}:WaterNetworkLatitude is {wl}; it must be from -90 to 90 degrees.");
        if (WaterNetworkLongitude is { } wo && (!double.IsFinite(wo) || Math.Abs(wo) > 180))
            throw new InvalidOperationException($"{Section}:WaterNetworkLongitude is {wo}; it must be from -180 to 180 degrees.");
        if (WaterNetworkLatitude.HasValue != WaterNetworkLongitude.HasValue)
            throw new InvalidOperationException($"{Section}:WaterNetworkLatitude and WaterNetworkLongitude go together; set both or neither.");
        if (!double.IsFinite(WaterNetworkScale) || WaterNetworkScale <= 0 || WaterNetworkScale > 1e5)
            throw new InvalidOperationException($"{Section}:WaterNetworkScale is {WaterNetworkScale}; it must be above 0 and at most 100000 m a unit.");
        if (WaterNetworkId.Length == 0 || !WaterNetworkId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new InvalidOperationException($"{Section}:WaterNetworkId is '{WaterNetworkId}'; use lower-case letters and digits (entity ids are id-element).");
        if (BatchSize < 1) throw new InvalidOperationException($"{Section}:BatchSize is {BatchSize}; it must be at least 1.");
        if (SumoAdditional.Count > 0 && RoadNetworkFormat != RoadNetworkFormat.Sumo)
            throw new InvalidOperationException($"{Section}:SumoAdditional names {SumoAdditional.Count} file(s), but {Section}:RoadNetworkFormat is " +
                                                $"{RoadNetworkFormat}; additional files go with a SUMO network (RoadNetworkFormat Sumo).");
        if (SumoAdditional.Any(string.IsNullOrWhiteSpace))
            throw new InvalidOperationException($"{Section}:SumoAdditional has an empty entry; each names a SUMO additional file.");
        return this;
    }
}

/// <summary>The formats a city's road network may be read from.</summary>
public enum RoadNetworkFormat
{
    /// <summary>A CityFlow roadnet JSON, in local metres anchored at the city's anchor point.</summary>
    CityFlow,

    /// <summary>A SUMO network (.net.xml), placed on the earth by its own projection when it has one.</summary>
    Sumo,
}
