using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Tests.Forecasting;

public sealed class ForecastDataGeneratorTests
{
    private static readonly ForecastDataOptions OneDay = new() { Days = 1, Seed = 7, IncidentsPerDay = 2, IncidentMinMinutes = 60, IncidentMaxMinutes = 90 };

    private static readonly Lazy<ForecastDataSet> Day = new(() => ForecastDataGenerator.Generate(JinanFiles.Network, JinanFiles.Hour, OneDay));

    [Fact]
    public void The_same_seed_gives_the_same_series_and_incidents()
    {
        var again = ForecastDataGenerator.Generate(JinanFiles.Network, JinanFiles.Hour, OneDay with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(Day.Value.Flow, again.Flow);
        Assert.Equal(Day.Value.Speed, again.Speed);
        Assert.Equal(Day.Value.Incidents.Select(i => (i.Road, i.StartMinute, i.EndMinute, i.ClosedLanes[0])),
            again.Incidents.Select(i => (i.Road, i.StartMinute, i.EndMinute, i.ClosedLanes[0])));
    }

    [Fact]
    public void An_incident_slows_its_road_against_the_hour_before()
    {
        var set = Day.Value;
        Assert.Equal(2, set.Incidents.Count);
        foreach (var incident in set.Incidents)
        {
            int road = set.Roads.ToList().IndexOf(incident.Road);
            double During(int fromMinute, int toMinute) => Enumerable.Range(fromMinute / 5, (toMinute - fromMinute) / 5)
                .Select(s => (double)set.Speed[set.Index(road, 0, s)]).Average();
            var before = During(incident.StartMinute - 60, incident.StartMinute);
            var during = During(incident.StartMinute + 5, incident.EndMinute - 5);
            Assert.True(during < 0.7 * before, $"{incident.Road}: {during:F1} km/h during the incident, {before:F1} km/h in the hour before");
        }
    }

    [Fact]
    public void The_daily_profile_shows_in_the_flows()
    {
        var set = Day.Value;
        double Total(int hour) => Enumerable.Range(0, set.Roads.Count).Sum(r => Enumerable.Range(hour * 12, 12).Average(s => set.Flow[set.Index(r, 0, s)]));
        Assert.True(Total(8) > 3 * Total(3), $"08:00 carries {Total(8):F0} veh/h over all roads, 03:00 {Total(3):F0}");
    }

    [Fact]
    public void A_cached_data_set_reads_back_only_with_the_same_options()
    {
        var dir = Path.Combine(Path.GetTempPath(), "citymesh-forecast-" + Guid.NewGuid().ToString("N"));
        try
        {
            ForecastDataCsv.Write(Day.Value, OneDay, dir);
            var back = ForecastDataCsv.TryRead(dir, OneDay);
            Assert.NotNull(back);
            Assert.Equal(Day.Value.Roads, back.Roads);
            Assert.Equal(Day.Value.Incidents.Count, back.Incidents.Count);
            for (int k = 0; k < back.Flow.Length; k += 97) Assert.Equal(Day.Value.Flow[k], back.Flow[k], 0.01);
            Assert.Null(ForecastDataCsv.TryRead(dir, OneDay with { Seed = 8 }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
