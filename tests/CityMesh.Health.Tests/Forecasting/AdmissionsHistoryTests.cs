using System.Text.Json;
using CityMesh.Health.Forecasting.Live;

namespace CityMesh.Health.Tests.Forecasting;

/// <summary>Daily admissions read back from the twin's temporal answers, and the days every hospital has in common.</summary>
public sealed class AdmissionsHistoryTests
{
    private static readonly TimeSpan Jinan = TimeSpan.FromHours(8);

    private static JsonElement Temporal(params (string ObservedAt, double Value)[] instances) => JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "urn:ngsi-ld:Hospital:jinan:h1",
        ["dailyAdmissions"] = instances.Select(i => new { type = "Property", value = i.Value, observedAt = i.ObservedAt }).ToArray(),
    })).RootElement;

    [Fact]
    public void A_count_observed_at_local_midnight_is_the_day_before()
    {
        // 2026-12-06T16:00Z is midnight in Jinan (UTC+8) starting 7 December: its count is the 6th's.
        var days = AdmissionsHistory.Days(Temporal(("2026-12-05T16:00:00Z", 170), ("2026-12-06T16:00:00Z", 182), ("2026-12-06T16:00:00Z", 183)), Jinan);
        Assert.Equal([new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 6)], days.Keys);
        Assert.Equal([170, 183], days.Values); // a later reading of the same day replaces the earlier
        // One instance comes as an object; a negative or non-numeric value or a missing time is left out.
        var single = JsonDocument.Parse("""{"dailyAdmissions": {"type": "Property", "value": 5, "observedAt": "2026-12-06T16:00:00Z"}}""").RootElement;
        Assert.Equal(5, AdmissionsHistory.Days(single, Jinan)[new DateOnly(2026, 12, 6)]);
        Assert.Empty(AdmissionsHistory.Days(Temporal(("2026-12-06T16:00:00Z", -1)), Jinan));
        Assert.Empty(AdmissionsHistory.Days(JsonDocument.Parse("""{"dailyAdmissions": [{"value": 3}]}""").RootElement, Jinan));
        Assert.Empty(AdmissionsHistory.Days(JsonDocument.Parse("""{"id": "x"}""").RootElement, Jinan));
    }

    [Fact]
    public void The_series_is_the_contiguous_days_every_hospital_has_up_to_the_newest_they_share()
    {
        var d0 = new DateOnly(2026, 11, 1);
        SortedDictionary<DateOnly, int> Days(int from, int to, params int[] missing) =>
            new(Enumerable.Range(from, to - from + 1).Where(d => !missing.Contains(d)).ToDictionary(d => d0.AddDays(d), d => 100 + d));
        var series = AdmissionsHistory.Common(new Dictionary<string, SortedDictionary<DateOnly, int>>
        {
            ["h2"] = Days(0, 30),
            ["h1"] = Days(0, 31, missing: 10),
        })!;
        // h2 ends on day 30; h1 misses day 10, so the series runs from day 11 to day 30, hospitals in id order.
        Assert.Equal((d0.AddDays(11), 20), (series.FirstDay, series.Days));
        Assert.Equal(["h1", "h2"], series.Hospitals);
        Assert.Equal(111, series.Count(0, 0));
        Assert.Equal(130, series.Count(1, 19));

        Assert.Null(AdmissionsHistory.Common(new Dictionary<string, SortedDictionary<DateOnly, int>> { ["h1"] = Days(0, 5), ["h2"] = [] }));
        Assert.Null(AdmissionsHistory.Common(new Dictionary<string, SortedDictionary<DateOnly, int>>()));
    }
}
