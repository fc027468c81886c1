using CityMesh.Limits.Settings;

namespace CityMesh.Limits;

/// <summary>
/// Every bound on input, in one place with its default: what one request, one file or one run may ask of CityMesh
/// before it is refused with an error that names the limit. Bound from <c>CityMesh:Limits</c> by the server
/// (<c>CityMesh__Limits__JsonDepth=32</c>); the CLI uses the defaults. Defaults are generous for real cities and
/// far below what exhausts a 2-core, 24 GiB machine. SECURITY.md explains each.
/// </summary>
public sealed record InputLimits : ISettings<InputLimits>
{
    public const string Section = "CityMesh:Limits";

    static string ISettings<InputLimits>.Section => Section;

    public static readonly InputLimits Default = new();

    // --- HTTP and JSON (the NGSI-LD API, governance) ---

    /// <summary>Body of a single-entity request (create, PATCH attrs, a decision).</summary>
    public int EntityBodyBytes { get; init; } = 1 << 20;

    /// <summary>Body of a batch operation.</summary>
    public int BatchBodyBytes { get; init; } = 8 << 20;

    /// <summary>Entities in one batch; each gets its own result.</summary>
    public int BatchEntities { get; init; } = 10_000;

    /// <summary>Nesting of JSON objects and arrays in a body.</summary>
    public int JsonDepth { get; init; } = 64;

    /// <summary>
    /// Wall time all regular-expression matching of one request may take (idPattern, q's <c>~=</c>), summed over every
    /// entity it looks at, not per entity.
    /// </summary>
    public TimeSpan RegexTimePerRequest { get; init; } = TimeSpan.FromSeconds(1);

    // --- gRPC telemetry ingestion (sensor gateways) ---

    /// <summary>Readings in one <c>ReadingBatch</c> a gateway streams; a larger batch is refused as a whole.</summary>
    public int TelemetryReadingsPerBatch { get; init; } = 10_000;

    /// <summary>Size of one gRPC message a gateway sends (one encoded <c>ReadingBatch</c>); a larger one ends the stream.</summary>
    public int TelemetryMessageBytes { get; init; } = 4 << 20;

    // --- YAML (scenarios, synthesis options) ---

    /// <summary>Size of one YAML document.</summary>
    public int YamlBytes { get; init; } = 4 << 20;

    /// <summary>Nesting of YAML mappings and sequences.</summary>
    public int YamlDepth { get; init; } = 64;

    /// <summary>
    /// Nodes a YAML document may expand to, aliases counted at every use: a few hundred bytes of nested aliases
    /// ("billion laughs") otherwise expand to gigabytes.
    /// </summary>
    public int YamlNodes { get; init; } = 100_000;

    // --- Files a scenario or command reads ---

    /// <summary>Size of one input file (road network, demand, options).</summary>
    public long InputFileBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Folders besides the scenario's own where its input files may live (absolute paths). A path outside them, a
    /// device, FIFO or socket, and anything under /proc, /sys or /dev is refused.
    /// </summary>
    public IReadOnlyList<string> InputRoots { get; init; } = [];

    // --- Simulation runs ---

    /// <summary>Vehicles one traffic simulation may create (every trip and flow vehicle counted before the run).</summary>
    public long VehiclesPerSimulation { get; init; } = 5_000_000;

    /// <summary>Memory one run may plan to use (state arrays sized before they are allocated).</summary>
    public long RunMemoryBytes { get; init; } = 8L << 30;

    /// <returns>This, when every limit is usable.</returns>
    /// <exception cref="InvalidOperationException">A limit is not; the message names its key.</exception>
    public InputLimits Validated()
    {
        Positive(nameof(EntityBodyBytes), EntityBodyBytes);
        Positive(nameof(BatchBodyBytes), BatchBodyBytes);
        Positive(nameof(BatchEntities), BatchEntities);
        Positive(nameof(JsonDepth), JsonDepth);
        Positive(nameof(TelemetryReadingsPerBatch), TelemetryReadingsPerBatch);
        Positive(nameof(TelemetryMessageBytes), TelemetryMessageBytes);
        Positive(nameof(YamlBytes), YamlBytes);
        Positive(nameof(YamlDepth), YamlDepth);
        Positive(nameof(YamlNodes), YamlNodes);
        Positive(nameof(InputFileBytes), InputFileBytes);
        Positive(nameof(VehiclesPerSimulation), VehiclesPerSimulation);
        Positive(nameof(RunMemoryBytes), RunMemoryBytes);
        if (RegexTimePerRequest <= TimeSpan.Zero || RegexTimePerRequest > TimeSpan.FromMinutes(1))
            throw Invalid(nameof(RegexTimePerRequest), $"is {RegexTimePerRequest}; use more than 0 and at most 00:01:00");
        if (JsonDepth > 1000) throw Invalid(nameof(JsonDepth), $"is {JsonDepth}; deeper than 1000 risks the stack");
        if (YamlDepth > 1000) throw Invalid(nameof(YamlDepth), $"is {YamlDepth}; deeper than 1000 risks the stack");
        for (var i = 0; i < InputRoots.Count; i++)
        {
            if (!Path.IsPathFullyQualified(InputRoots[i] ?? ""))
                throw Invalid($"{nameof(InputRoots)}:{i}", $"is '{InputRoots[i]}'; give an absolute folder");
        }
        return this;
    }

    private static void Positive(string key, long value)
    {
        if (value <= 0) throw Invalid(key, $"is {value}; it must be positive");
    }

    private static InvalidOperationException Invalid(string key, string problem) => new($"{Section}:{key} {problem}.");
}
