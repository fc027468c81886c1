using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>The query parameters of <c>GET /temporal/entities/{id}</c>, as text; <see cref="TemporalQueryReader"/> validates them.</summary>
public sealed record TemporalQueryParameters
{
    [FromQuery(Name = "attrs"), Description("Comma-separated attributes whose history to return.")]
    public string? Attrs { get; init; }

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

    [FromQuery(Name = "options"), Description("temporalValues: each attribute as [[value, observedAt], ...].")]
    public string? Options { get; init; }

    [FromQuery(Name = "format"), Description("normalized or temporalValues.")]
    public string? Format { get; init; }
}
