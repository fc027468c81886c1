using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi;

/// <summary>The <c>options</c> (and <c>format</c>) query parameters: comma lists of representation flags.</summary>
public sealed record NgsiOptions(bool KeyValues, bool SysAttrs, bool TemporalValues, bool Update)
{
    public static readonly NgsiOptions None = new(false, false, false, false);

    /// <summary>options=aggregatedValues: the temporal API's aggregated representation.</summary>
    public bool AggregatedValues { get; init; }

    /// <param name="allowed">The flags this operation understands.</param>
    /// <exception cref="NgsiProblemException">BadRequestData for a flag it does not.</exception>
    public static NgsiOptions Parse(string? options, string? format, params string[] allowed)
    {
        bool keyValues = false, sysAttrs = false, temporalValues = false, update = false, replace = false, aggregatedValues = false;
        foreach (var flag in (options ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!allowed.Contains(flag))
                throw new NgsiProblemException(NgsiProblem.BadRequestData(
                    $"option '{flag}' is not supported here; use {string.Join(", ", allowed)}", "options"));
            switch (flag)
            {
                case "keyValues" or "simplified": keyValues = true; break;
                case "normalized": break;
                case "sysAttrs": sysAttrs = true; break;
                case "temporalValues": temporalValues = true; break;
                case "aggregatedValues": aggregatedValues = true; break;
                case "update": update = true; break;
                case "replace": replace = true; break;
            }
        }
        if (update && replace) throw new NgsiProblemException(NgsiProblem.BadRequestData("options update and replace exclude each other", "options"));
        switch (format)
        {
            case null or "" or "normalized": break;
            case "keyValues" or "simplified" when allowed.Contains("keyValues"): keyValues = true; break;
            case "temporalValues" when allowed.Contains("temporalValues"): temporalValues = true; break;
            case "aggregatedValues" when allowed.Contains("aggregatedValues"): aggregatedValues = true; break;
            default:
                throw new NgsiProblemException(NgsiProblem.BadRequestData($"format '{format}' is not supported here", "format"));
        }
        return new(keyValues, sysAttrs, temporalValues, update) { AggregatedValues = aggregatedValues };
    }
}
