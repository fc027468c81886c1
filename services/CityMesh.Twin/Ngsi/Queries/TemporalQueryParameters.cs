using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>
/// The query parameters of <c>GET /temporal/entities/{id}</c> beside its <see cref="TemporalWindowParameters"/>, as
/// text; <see cref="TemporalQueryReader"/> validates them. (<c>GET /temporal/entities</c> takes these from
/// <see cref="EntityQueryParameters"/>.)
/// </summary>
public sealed record TemporalQueryParameters
{
    [FromQuery(Name = "attrs"), Description("Comma-separated attributes whose history to return.")]
    public string? Attrs { get; init; }

    [FromQuery(Name = "options"), Description("temporalValues: each attribute as [[value, observedAt], ...]; aggregatedValues: aggregates (aggrMethods).")]
    public string? Options { get; init; }

    [FromQuery(Name = "format"), Description("normalized, temporalValues or aggregatedValues.")]
    public string? Format { get; init; }
}

/// <summary>What of each attribute's history a temporal query selects, and how to aggregate it: shared by both temporal reads.</summary>
public sealed record TemporalWindowParameters
{
    [FromQuery(Name = "timerel"), Description("before, after or between.")]
    public string? Timerel { get; init; }

    [FromQuery(Name = "timeAt"), Description("ISO 8601 date-time: the bound for before and after, the start for between.")]
    public string? TimeAt { get; init; }

    [FromQuery(Name = "endTimeAt"), Description("ISO 8601 date-time: the (exclusive) end for between.")]
    public string? EndTimeAt { get; init; }

    [FromQuery(Name = "lastN"), Description("Only the newest N instances of each attribute.")]
    public string? LastN { get; init; }

    [FromQuery(Name = "timeproperty"), Description("The time the relation tests; CityMesh keeps history by observedAt.")]
    public string? Timeproperty { get; init; }

    [FromQuery(Name = "aggrMethods"), Description("With aggregatedValues: totalCount, distinctCount, sum, avg, min, max, stddev, sumsq (comma-separated).")]
    public string? AggrMethods { get; init; }

    [FromQuery(Name = "aggrPeriodDuration"), Description("With aggregatedValues: ISO 8601 duration of each period (PT1H); absent or zero: the whole range.")]
    public string? AggrPeriodDuration { get; init; }
}
