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
    /// <param name="attrs">Only these attributes of each; null: all.</param>
    public Task<IReadOnlyList<JsonElement>> ReadAllAsync(string type, string? city, CancellationToken ct, IReadOnlyList<string>? attrs = null) =>
        Read(type, async () => (await reader.QueryAsync(TwinQuery.OfCity(type, city) with { Attrs = attrs ?? [] }, ct)).Entities, ct);

    /// <summary>
    /// The entities' history of <paramref name="attrs"/> per <paramref name="period"/> (<see cref="TwinReaderClient.AggregateHistoryAsync"/>);
    /// null where the twin does not serve history (one from before the read API had the call answers UNIMPLEMENTED).
    /// </summary>
    public Task<IReadOnlyList<TwinHistory>?> ReadHistoryAsync(IReadOnlyList<string> ids, IReadOnlyList<string> attrs, DateTimeOffset from, DateTimeOffset to,
        TimeSpan period, CancellationToken ct) =>
        Read<IReadOnlyList<TwinHistory>?>("history", async () =>
        {
            try
            {
                return await reader.AggregateHistoryAsync(ids, attrs, from, to, period, ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                return null;
            }
        }, ct);

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
