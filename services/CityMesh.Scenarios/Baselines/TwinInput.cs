using System.Text.Json;
using CityMesh.Scenarios.Running;
using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;
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

    public Task<TwinEntities> ReadTrafficAsync(string city, CancellationToken ct) =>
        Read("traffic", () => TwinEntities.ReadAsync(reader, city, ct), ct);

    /// <summary>Every entity of <paramref name="type"/>; of one city's ids, or of every city when <paramref name="city"/> is null.</summary>
    public Task<IReadOnlyList<JsonElement>> ReadAllAsync(string type, string? city, CancellationToken ct) =>
        Read(type, async () => (await reader.QueryAsync(TwinQuery.OfCity(type, city), ct)).Entities, ct);

    private async Task<T> Read<T>(string what, Func<Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !ct.IsCancellationRequested)
        {
            throw new ScenarioInputException(field, $"the twin at {twin} could not be read ({what}): {e.StatusCode} {e.Status.Detail}", e);
        }
    }

    /// <summary>A twin's gRPC address: http(s), absolute (<c>http://twin:8081</c>).</summary>
    public static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && CityMesh.Limits.Settings.ServiceUrls.IsHttp(url);
}
