using System.Globalization;
using System.Text.Json;
using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Forecasting.Live;

/// <summary>
/// Hospitals' daily emergency admissions as the twin keeps their history: each <c>dailyAdmissions</c> reading counts
/// one city day and is observed at that day's end (local midnight), so its day is the one before its observedAt.
/// </summary>
public static class AdmissionsHistory
{
    public const string Attribute = "dailyAdmissions";

    /// <summary>Day → count from a temporal answer (normalized: the attribute an array of instances); a later reading of a day replaces an earlier.</summary>
    public static SortedDictionary<DateOnly, int> Days(JsonElement temporal, TimeSpan utcOffset)
    {
        var days = new SortedDictionary<DateOnly, int>();
        if (!temporal.TryGetProperty(Attribute, out var instances)) return days;
        // One instance comes as an object, several as an array.
        var list = instances.ValueKind == JsonValueKind.Array ? instances.EnumerateArray().ToList() : [instances];
        foreach (var instance in list)
        {
            if (!instance.TryGetProperty("value", out var value) || !value.TryGetDouble(out double count) || count < 0) continue;
            if (!instance.TryGetProperty("observedAt", out var at) || at.GetString() is not { } text
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var observed)) continue;
            days[DateOnly.FromDateTime(observed.ToOffset(utcOffset).AddTicks(-1).Date)] = (int)Math.Round(count);
        }
        return days;
    }

    /// <summary>
    /// The days every hospital has, back from the newest day they all have while none misses a day: the series a
    /// forecast is made from. Null when they share no day.
    /// </summary>
    public static AdmissionsSeries? Common(IReadOnlyDictionary<string, SortedDictionary<DateOnly, int>> byHospital)
    {
        var hospitals = byHospital.Keys.Order(StringComparer.Ordinal).ToList();
        if (hospitals.Count == 0 || hospitals.Any(h => byHospital[h].Count == 0)) return null;
        var last = hospitals.Min(h => byHospital[h].Keys.Max());
        if (!hospitals.All(h => byHospital[h].ContainsKey(last))) return null;
        var first = last;
        while (hospitals.All(h => byHospital[h].ContainsKey(first.AddDays(-1)))) first = first.AddDays(-1);
        int length = last.DayNumber - first.DayNumber + 1;
        return AdmissionsSeries.FromHospitals(first, hospitals.Select(h => KeyValuePair.Create(h,
            (IReadOnlyList<int>)Enumerable.Range(0, length).Select(d => byHospital[h][first.AddDays(d)]).ToList())));
    }
}
