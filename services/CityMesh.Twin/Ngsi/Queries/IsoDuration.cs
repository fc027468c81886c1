using System.Globalization;
using System.Text.RegularExpressions;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>
/// ISO 8601 durations of fixed length (<c>PT4M</c>, <c>P1DT12H</c>, <c>P2W</c>, <c>PT0.5S</c>). Years and months vary
/// in length, so a period given in them is told apart (<see cref="Result.Calendar"/>) rather than guessed.
/// </summary>
public static partial class IsoDuration
{
    public enum Result
    {
        Valid,
        Invalid,
        Calendar,
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    public static Result TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var m = Syntax().Match(text);
        // "P" and "PT" alone name no amount.
        if (!m.Success || text is "P" || text.EndsWith('T')) return Result.Invalid;
        if (m.Groups["y"].Success || m.Groups["mo"].Success) return Result.Calendar;
        try
        {
            double Part(string group) => m.Groups[group].Success
                ? double.Parse(m.Groups[group].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture)
                : 0;
            var seconds = Part("w") * 7 * 86400 + Part("d") * 86400 + Part("h") * 3600 + Part("mi") * 60 + Part("s");
            if (seconds > TimeSpan.MaxValue.TotalSeconds / 2) return Result.Invalid;
            duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return Result.Valid;
        }
        catch (OverflowException)
        {
            return Result.Invalid;
        }
    }
}
