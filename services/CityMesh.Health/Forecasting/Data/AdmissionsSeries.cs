namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Daily emergency admissions per hospital from <see cref="FirstDay"/>: every hospital on every day, stored
/// hospital-major (<see cref="Index"/>) so a hospital's days lie next to each other. What the models read, whether
/// the days come from the synthetic data set or from the hospitals' own history.
/// </summary>
public sealed record AdmissionsSeries(DateOnly FirstDay, int Days, IReadOnlyList<string> Hospitals, int[] Counts)
{
    public int Index(int hospital, int day) => hospital * Days + day;

    public int Count(int hospital, int day) => Counts[hospital * Days + day];

    public DateOnly Date(int day) => FirstDay.AddDays(day);

    public DateOnly LastDay => FirstDay.AddDays(Days - 1);

    /// <summary>
    /// A series from each hospital's counts, day by day from <paramref name="firstDay"/>; every hospital must have the
    /// same number of days (the same last day), none negative.
    /// </summary>
    public static AdmissionsSeries FromHospitals(DateOnly firstDay, IEnumerable<KeyValuePair<string, IReadOnlyList<int>>> hospitals)
    {
        var list = hospitals.ToList();
        if (list.Count == 0) throw new ArgumentException("No hospitals were given.", nameof(hospitals));
        int days = list[0].Value.Count;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var counts = new int[list.Count * days];
        for (int h = 0; h < list.Count; h++)
        {
            var (id, values) = (list[h].Key, list[h].Value);
            if (string.IsNullOrEmpty(id) || !ids.Add(id)) throw new ArgumentException($"Hospital id '{id}' is empty or given twice.", nameof(hospitals));
            if (values.Count != days)
                throw new ArgumentException($"Hospital {id} has {values.Count} days and {list[0].Key} {days}: every hospital needs the same days.", nameof(hospitals));
            for (int d = 0; d < days; d++)
            {
                if (values[d] < 0) throw new ArgumentException($"Hospital {id} has {values[d]} admissions on {firstDay.AddDays(d):yyyy-MM-dd}.", nameof(hospitals));
                counts[h * days + d] = values[d];
            }
        }
        return new AdmissionsSeries(firstDay, days, list.Select(p => p.Key).ToArray(), counts);
    }
}
