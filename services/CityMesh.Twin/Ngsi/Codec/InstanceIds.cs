using System.Globalization;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>
/// The instanceId of a history instance. A property holds one value per observedAt instant, so the instant names the
/// instance within its entity and attribute (which the temporal API's paths give): no id is stored, it is derived.
/// <c>urn:ngsi-ld:instance:20200801T120300.0000000Z</c>, to the 100 ns a time holds in memory.
/// </summary>
public static class InstanceIds
{
    private const string Prefix = "urn:ngsi-ld:instance:";
    private const string Format = "yyyyMMdd'T'HHmmss.fffffff'Z'";

    public static string Of(DateTimeOffset observedAt) => Prefix + observedAt.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string instanceId, out DateTimeOffset observedAt)
    {
        observedAt = default;
        return instanceId.StartsWith(Prefix, StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(instanceId[Prefix.Length..], Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out observedAt);
    }
}
