using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// The CityMesh @context: the ETSI core context, CityMesh's own term (appearance) and entity
/// types, with Smart Data Model IRIs where a model exists so FIWARE tools that use those models read our types.
/// Served at <see cref="Path"/>; the store keeps names as its terms. Requests that name no context are read with the
/// core context (<see cref="LdContext.Core"/>), not this one.
/// </summary>
public static class CityMeshContext
{
    public const string Path = "/ngsi-ld/v1/context.jsonld";
    public const string Namespace = "https://citymesh.io/ns/";
    public const string SmartDataModels = "https://smartdatamodels.org/";
    public const string CoreContextUrl = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

    /// <summary>Where the core context sends terms it does not define.</summary>
    public const string DefaultVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

    private static readonly Dictionary<string, string> SmartDataModelTypes = new(StringComparer.Ordinal)
    {
        [EntityTypes.RoadSegment] = "dataModel.Transportation",
        [EntityTypes.TrafficFlowObserved] = "dataModel.Transportation",
        [EntityTypes.Vehicle] = "dataModel.Transportation",
        [EntityTypes.AirQualityObserved] = "dataModel.Environment",
        [EntityTypes.WeatherObserved] = "dataModel.Weather",
        [EntityTypes.Building] = "dataModel.Building",
        [EntityTypes.Park] = "dataModel.ParksAndGardens",
    };

    /// <summary>Term → IRI or compact IRI, in document order (prefixes first).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Terms { get; } = BuildTerms();

    public static LdContext Context { get; } = BuildContext();

    /// <summary>The context document, UTF-8 JSON.</summary>
    public static ReadOnlyMemory<byte> Document { get; } = BuildDocument();

    /// <summary>The context's URL as this request reaches us (the Link header needs an absolute URL).</summary>
    public static string UrlFor(Microsoft.AspNetCore.Http.HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";

    /// <summary>
    /// Any http(s) URL whose path is ours names this context: behind a proxy the host a client sees is not ours.
    /// </summary>
    public static bool IsContextUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath.EndsWith(Path, StringComparison.Ordinal) && uri.Query.Length == 0;

    /// <summary>The ETSI core context, any version (ngsi-ld-core-context.jsonld or ngsi-ld-core-context-v1.N.jsonld).</summary>
    public static bool IsCoreContextUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host != "uri.etsi.org") return false;
        var path = uri.AbsolutePath;
        const string stem = "/ngsi-ld/v1/ngsi-ld-core-context";
        if (!path.StartsWith(stem, StringComparison.Ordinal) || !path.EndsWith(".jsonld", StringComparison.Ordinal)) return false;
        var version = path[stem.Length..^".jsonld".Length];
        return version.Length == 0 || (version.StartsWith("-v", StringComparison.Ordinal) && version[2..].All(c => char.IsAsciiDigit(c) || c == '.'));
    }

    private static List<KeyValuePair<string, string>> BuildTerms()
    {
        var terms = new List<KeyValuePair<string, string>>
        {
            new("citymesh", Namespace),
            new("sdm", SmartDataModels),
            new("appearance", "citymesh:appearance"),
        };
        foreach (var type in EntityTypes.Known.Keys.Order(StringComparer.Ordinal))
        {
            terms.Add(new(type, SmartDataModelTypes.TryGetValue(type, out var model) ? $"sdm:{model}/{type}" : $"citymesh:{type}"));
        }
        return terms;
    }

    private static LdContext BuildContext()
    {
        var builder = new LdContextBuilder();
        foreach (var (term, iri) in Terms) builder.Define(term, iri);
        return builder.Build(url: null, isCityMesh: true);
    }

    private static ReadOnlyMemory<byte> BuildDocument()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue(CoreContextUrl);
            w.WriteStartObject();
            foreach (var (term, iri) in Terms) w.WriteString(term, iri);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
