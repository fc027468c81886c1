using System.Globalization;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>
/// NGSI-LD DateTime: ISO 8601 in UTC, written with a trailing Z (2026-03-01T08:00:00Z, fractions of a second allowed).
/// A time without a zone is refused rather than guessed: read as UTC it would be hours off for a client that meant its
/// local time, and the history would keep the wrong instant. Offsets are refused too; the spec's DateTime is UTC.
/// </summary>
public static class IsoTime
{
    public const string Expected = "an ISO 8601 date-time in UTC with a trailing Z, such as 2026-03-01T08:00:00Z";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
