using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>A parsed temporal read: what history to select, how to write it, and, for aggregatedValues, how to aggregate it.</summary>
public sealed record TemporalRequest(TemporalQuery Query, NgsiOptions Options, TemporalAggregation? Aggregation);

/// <summary>Reads the temporal query parameters into a <see cref="TemporalRequest"/>.</summary>
public static class TemporalQueryReader
{
    private static readonly Dictionary<string, AggregationMethod> Methods = Enum.GetValues<AggregationMethod>()
        .ToDictionary(m => char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..], StringComparer.Ordinal);

    /// <param name="id">The entity (GET /temporal/entities/{id}); "" for a query, which sets it per entity.</param>
    /// <exception cref="NgsiProblemException">The first bad parameter, named in <c>field</c>.</exception>
    public static TemporalRequest Read(string id, string? attrsText, string? optionsText, string? format, TemporalWindowParameters p, LdContext context)
    {
        var options = NgsiOptions.Parse(optionsText, format, "temporalValues", "aggregatedValues", "normalized");
        if (options.TemporalValues && options.AggregatedValues) throw Bad("temporalValues and aggregatedValues exclude each other", "options");
        if (p.Timeproperty is not (null or "observedAt"))
            throw new NgsiProblemException(NgsiProblem.OperationNotSupported(
                $"timeproperty '{p.Timeproperty}' is not supported; CityMesh keeps history by observedAt", "timeproperty"));
        var lastN = EntityQueryReader.ReadInt(p.LastN, "lastN");
        if (lastN == 0) throw Bad("must be at least 1", "lastN");

        TimeRelation? relation = p.Timerel switch
        {
            null => null,
            "before" => TimeRelation.Before,
            "after" => TimeRelation.After,
            "between" => TimeRelation.Between,
            _ => throw Bad($"'{p.Timerel}' is not before, after or between", "timerel"),
        };
        var timeAt = ReadTime(p.TimeAt, "timeAt");
        var endTimeAt = ReadTime(p.EndTimeAt, "endTimeAt");
        if (relation is null && (timeAt is not null || endTimeAt is not null)) throw Bad("is required with timeAt", "timerel");
        if (relation is not null && timeAt is null) throw Bad($"is required with timerel={p.Timerel}", "timeAt");
        if (relation == TimeRelation.Between)
        {
            if (endTimeAt is null) throw Bad("is required with timerel=between", "endTimeAt");
            if (endTimeAt <= timeAt) throw Bad("must be later than timeAt", "endTimeAt");
        }
        else if (endTimeAt is not null) throw Bad("is only used with timerel=between", "endTimeAt");

        var attrs = NameList.Attributes(attrsText, context)?.ToArray();
        var query = new TemporalQuery(id, attrs, relation, timeAt, endTimeAt, lastN);
        return new TemporalRequest(query, options, ReadAggregation(p, options.AggregatedValues));
    }

    private static TemporalAggregation? ReadAggregation(TemporalWindowParameters p, bool aggregated)
    {
        if (!aggregated)
        {
            if (p.AggrMethods is not null) throw Bad("is only used with options=aggregatedValues", "aggrMethods");
            if (p.AggrPeriodDuration is not null) throw Bad("is only used with options=aggregatedValues", "aggrPeriodDuration");
            return null;
        }
        if (p.AggrMethods is null) throw Bad("is required with aggregatedValues: totalCount, distinctCount, sum, avg, min, max, stddev or sumsq", "aggrMethods");
        var methods = new List<AggregationMethod>();
        foreach (var name in NameList.Split(p.AggrMethods, "aggrMethods")!)
        {
            if (!Methods.TryGetValue(name, out var method))
                throw Bad($"'{name}' is not an aggregation; use totalCount, distinctCount, sum, avg, min, max, stddev or sumsq", "aggrMethods");
            if (!methods.Contains(method)) methods.Add(method);
        }
        TimeSpan? period = null;
        if (p.AggrPeriodDuration is { } text)
        {
            switch (IsoDuration.TryParse(text, out var duration))
            {
                case IsoDuration.Result.Calendar:
                    throw new NgsiProblemException(NgsiProblem.OperationNotSupported(
                        $"aggrPeriodDuration: '{text}' counts years or months, whose length varies; give weeks, days, hours, minutes or seconds", "aggrPeriodDuration"));
                case IsoDuration.Result.Invalid:
                    throw Bad($"'{text}' is not an ISO 8601 duration such as PT1H or P1D", "aggrPeriodDuration");
            }
            if (duration > TimeSpan.Zero && duration < TimeSpan.FromMilliseconds(1)) throw Bad("must be at least a millisecond (or zero: the whole range)", "aggrPeriodDuration");
            if (duration > TimeSpan.Zero) period = duration; // P0D, NGSI-LD's default, is the whole range
        }
        return new TemporalAggregation(methods, period);
    }

    private static DateTimeOffset? ReadTime(string? text, string field)
    {
        if (text is null) return null;
        if (!IsoTime.TryParse(text, out var time)) throw Bad($"'{text}' is not {IsoTime.Expected}", field);
        return time;
    }

    private static NgsiProblemException Bad(string reason, string field) => new(NgsiProblem.BadRequestData($"{field}: {reason}", field));
}
