using System.Text.Json;
using CityMesh.Scenarios.Running;
using CityMesh.Twin.Client;
using CityMesh.Twin.Model;
using Grpc.Core;

namespace CityMesh.Scenarios.Baselines;

/// <summary>
/// A scenario's input read from a running twin through the twin read API (<see cref="TwinReaderClient"/>, which
/// pages, sets deadlines and tries transient failures again): every entity of a type, of one city's ids. What still
/// fails becomes a <see cref="ScenarioInputException"/> on <paramref name="field"/> (<c>spec.baseline.twin</c> unless
/// the caller reads for another) that says which twin answered what.
/// </summary>
public sealed class TwinInput(TwinReaderClient reader, Uri twin, string field = TwinInput.Field)
{
    public const string Field = "spec.baseline.twin";

    public async Task<TwinEntities> ReadTrafficAsync(string city, CancellationToken ct)
    {
        var byType = new Dictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
        foreach (var type in TwinEntities.Types) byType[type] = await ReadAllAsync(type, city, ct);
        return new TwinEntities(city, [.. byType[EntityTypes.Intersection]], [.. byType[EntityTypes.TrafficSignal]],
            [.. byType[EntityTypes.RoadSegment]], [.. byType[EntityTypes.TrafficFlowObserved]]);
    }

    /// <summary>Every entity of <paramref name="type"/>; of one city's ids, or of every city when <paramref name="city"/> is null.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReadAllAsync(string type, string? city, CancellationToken ct)
    {
        var query = new TwinQuery { Types = [type], IdPattern = city is null ? null : $"^{EntityIds.Prefix}{type}:{System.Text.RegularExpressions.Regex.Escape(city)}:.*" };
        try
        {
            return (await reader.QueryAsync(query, ct)).Entities;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !ct.IsCancellationRequested)
        {
            throw new ScenarioInputException(field, $"the twin at {twin} could not be read ({type}): {e.StatusCode} {e.Status.Detail}", e);
        }
    }

    /// <summary>A twin's gRPC address: http(s), absolute (<c>http://twin:8081</c>).</summary>
    public static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && CityMesh.Limits.Settings.ServiceUrls.IsHttp(url);
}
