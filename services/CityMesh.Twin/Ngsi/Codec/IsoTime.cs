using System.Globalization;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>NGSI-LD DateTime: ISO 8601 in UTC or with an offset; a time without a zone is read as UTC.</summary>
public static class IsoTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
