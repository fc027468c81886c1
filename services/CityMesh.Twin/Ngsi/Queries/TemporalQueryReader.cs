using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>Reads <see cref="TemporalQueryParameters"/> into a <see cref="TemporalQuery"/>.</summary>
public static class TemporalQueryReader
{
    /// <exception cref="NgsiProblemException">The first bad parameter, named in <c>field</c>.</exception>
    public static (TemporalQuery Query, NgsiOptions Options) Read(string id, TemporalQueryParameters p, LdContext context)
    {
        var options = NgsiOptions.Parse(p.Options, p.Format, "temporalValues", "normalized");
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

        var attrs = NameList.Attributes(p.Attrs, context)?.ToArray();
        return (new TemporalQuery(id, attrs, relation, timeAt, endTimeAt, lastN), options);
    }

    private static DateTimeOffset? ReadTime(string? text, string field)
    {
        if (text is null) return null;
        if (!IsoTime.TryParse(text, out var time)) throw Bad($"'{text}' is not {IsoTime.Expected}", field);
        return time;
    }

    private static NgsiProblemException Bad(string reason, string field) => new(NgsiProblem.BadRequestData($"{field}: {reason}", field));
}
