using System.Globalization;

namespace CityMesh.Scenarios.Loading;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, as Kubernetes users write durations: a sign, then one or more decimal
/// numbers each with a unit (ns, us, ms, s, m, h), e.g. "90m", "1h30m", "1.5h", "3600s"; "0" alone is zero.
/// </summary>
public static class ScenarioDuration
{
    /// <summary>The same syntax as a regular expression, for the CRD schema.</summary>
    public const string Pattern = "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|ms|s|m|h))+)$";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text)) return false;
        var s = text.AsSpan();
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        if (s is "0") return true;
        if (s.IsEmpty) return false;

        decimal ticks = 0; // decimal: "1.1h" must not pick up binary rounding on the way to ticks
        while (!s.IsEmpty)
        {
            var numberLength = s.IndexOfAnyExcept("0123456789.");
            if (numberLength <= 0) return false; // a unit without a number, or a number without a unit
            var number = s[..numberLength];
            if (number is "." || number.Count('.') > 1
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
            s = s[numberLength..];

            var unitLength = s.IndexOfAny("0123456789.");
            var unit = unitLength < 0 ? s : s[..unitLength];
            decimal? perUnit = unit switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" => TimeSpan.TicksPerMicrosecond,
                "ns" => 0.01m, // a tick is 100 ns
                _ => null,
            };
            if (perUnit is null) return false;
            s = s[unit.Length..];
            try { ticks += value * perUnit.Value; }
            catch (OverflowException) { return false; }
        }
        ticks = decimal.Round(ticks);
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        duration = TimeSpan.FromTicks(negative ? -(long)ticks : (long)ticks);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the text.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a duration such as \"90m\", \"1h30m\" or \"3600s\"");
}
