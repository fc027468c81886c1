using CityMesh.Contracts.Health;
using CityMesh.Messaging.Telemetry;

namespace CityMesh.Sensors;

/// <summary>
/// Hospitals as their bed-management and emergency-department systems report them. Figures are those of large
/// general hospitals:
/// <list type="bullet">
/// <item>bed occupancy about 86 % general, 78 % intensive care, 72 % paediatric, higher in winter (the respiratory
/// season peaks in January; children's wards most), highest early in the week and lowest at the weekend (Friday
/// discharges), dipping each afternoon after the morning's discharges, and drifting over days;</item>
/// <item>emergency arrivals about 0.3 a day per bed, 10 % above the week's mean on Mondays and 8 % below on Sundays,
/// peaking late in the morning with a second evening hump; each stays about 4 hours (Little's law gives the
/// patients in the department), a quarter are admitted, and admitted patients board in the department while the
/// general wards are over 90 % full.</item>
/// </list>
/// </summary>
public sealed partial class TelemetrySimulatorModel
{
    public const string HealthGateway = "health";

    /// <summary>Mean emergency department stay, hours.</summary>
    public const double EdStayHours = 4;

    /// <summary>Emergency arrivals per staffed bed per day.</summary>
    public const double EdArrivalsPerBed = 0.3;

    /// <summary>Share of emergency arrivals admitted to a ward.</summary>
    public const double AdmittedShare = 0.25;

    private static readonly double ArrivalProfileSum = Enumerable.Range(0, 24 * 60).Sum(m => ArrivalShape(m / 60.0)) / 60;

    private List<Reading> SampleHospitals(TelemetrySimulatorRoster roster, DateTimeOffset local, DateTimeOffset cityTime, double t)
    {
        var readings = new List<Reading>(roster.Hospitals.Count * 12 + roster.Wards.Count);
        var hour = local.TimeOfDay.TotalHours;
        var winter = Math.Cos(2 * Math.PI * (local.DayOfYear - 15) / 365.0);
        foreach (var h in roster.Hospitals)
        {
            var key = Key(h.Id);
            var occupied = new Dictionary<string, (int Occupied, int Beds)>(StringComparer.Ordinal);
            foreach (var w in h.Wards)
            {
                var ward = roster.Wards[w];
                var ratio = Occupancy(ward.BedType, local.DayOfWeek, hour, winter)
                    + 0.06 * (Hash01(key, 0) - 0.5) + 0.04 * Smooth(key, t, 3 * 86400) + 0.05 * Smooth(Key(ward.Id), t, 12 * 3600);
                var count = (int)Math.Round(Math.Clamp(ratio, 0.3, 1.0) * ward.Beds);
                readings.Add(Number(ward.Id, "bedsOccupied", count, cityTime, null));
                var sum = occupied.GetValueOrDefault(ward.BedType);
                occupied[ward.BedType] = (sum.Occupied + count, sum.Beds + ward.Beds);
            }
            foreach (var (type, (count, _)) in occupied)
                readings.Add(Number(h.Id, BedTypes.OccupiedAttribute(type), count, cityTime, null));
            readings.Add(Number(h.Id, "bedsOccupied", occupied.Values.Sum(o => o.Occupied), cityTime, null));
            if (!h.EmergencyDepartment) continue;

            var daily = EdArrivalsPerBed * h.Beds * (1 + 0.08 * winter) * EdWeekday(local.DayOfWeek) * (1 + 0.05 * Smooth(key ^ 0xED, t, 86400));
            double PerHour(double at) => daily * ArrivalShape(((at % 24) + 24) % 24) / ArrivalProfileSum;
            var arrivals = PerHour(hour);
            // Patients now in the department: those who arrived within the mean stay, by the arrival rate halfway back.
            var inDepartment = PerHour(hour - EdStayHours / 2) * EdStayHours;
            var general = occupied.TryGetValue(BedTypes.General, out var g) && g.Beds > 0 ? g.Occupied / (double)g.Beds : 0.85;
            var boarding = Math.Max(0, general - 0.9) * 10 * h.EdCubicles * 0.3;
            var patients = inDepartment + boarding;
            readings.Add(Number(h.Id, "edArrivals", Math.Round(arrivals + 0.5 * Math.Sqrt(arrivals) * Smooth(key ^ 0xA7, t, 900)), cityTime, null));
            readings.Add(Number(h.Id, "edPatients", Math.Round(patients), cityTime, null));
            readings.Add(Number(h.Id, "edWaiting", Math.Round(Math.Max(0, patients - h.EdCubicles)), cityTime, null));
            readings.Add(Number(h.Id, "edBoarding", Math.Round(boarding), cityTime, null));
            readings.Add(Number(h.Id, "admissions", Math.Round(AdmittedShare * daily), cityTime, null));
            // Yesterday's count, every round: the twin drops the repeats (same time, same value), so no state is kept.
            readings.Add(DailyAdmissions(h, DateOnly.FromDateTime(local.Date).AddDays(-1)));
        }
        return readings;
    }

    /// <summary>The attribute a hospital's emergency admissions of a whole day are reported on, observed at the day's end.</summary>
    public const string DailyAdmissionsAttribute = "dailyAdmissions";

    /// <summary>
    /// A hospital's emergency admissions on <paramref name="day"/> (city date), as its patient administration system
    /// reports them when the day closes: the expected count by season and weekday, with the over-dispersed noise of
    /// real counts (negative binomial, shape 40: Poisson for small counts, a few per cent for large ones).
    /// </summary>
    public Reading DailyAdmissions(HospitalSite h, DateOnly day)
    {
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), utcOffset);
        var winter = Math.Cos(2 * Math.PI * (noon.DayOfYear - 15) / 365.0);
        var expected = AdmittedShare * EdArrivalsPerBed * h.Beds * (1 + 0.08 * winter) * EdWeekday(noon.DayOfWeek);
        // Normal approximation of the negative binomial, drawn from the hospital's and the day's own hash.
        ulong key = Key(h.Id) ^ 0xAD;
        double u1 = Math.Max(1e-12, Hash01(key, 2L * day.DayNumber)), u2 = Hash01(key, 2L * day.DayNumber + 1);
        double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        double count = Math.Max(0, Math.Round(expected + z * Math.Sqrt(expected * (1 + expected / 40))));
        var closed = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), utcOffset);
        return Number(h.Id, DailyAdmissionsAttribute, count, closed, null);
    }

    /// <summary>A ward's expected occupancy by bed type, day of week, hour and season (+1 mid-January, −1 mid-July).</summary>
    public static double Occupancy(string bedType, DayOfWeek day, double hour, double winter)
    {
        var (mean, seasonal) = bedType switch
        {
            BedTypes.Icu => (0.78, 0.04),
            BedTypes.Paediatric => (0.72, 0.10),
            _ => (0.86, 0.03),
        };
        var week = day switch
        {
            DayOfWeek.Monday => 0.02,
            DayOfWeek.Tuesday => 0.03,
            DayOfWeek.Wednesday => 0.025,
            DayOfWeek.Thursday => 0.015,
            DayOfWeek.Friday => 0,
            DayOfWeek.Saturday => -0.035,
            _ => -0.03,
        };
        // Discharges leave by early afternoon; admissions fill the beds again by night.
        var daily = 0.01 - 0.03 * Gauss(hour, 15, 3);
        return mean + seasonal * winter + week + daily;
    }

    private static double EdWeekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => 1.10,
        DayOfWeek.Tuesday => 1.02,
        DayOfWeek.Saturday => 0.95,
        DayOfWeek.Sunday => 0.92,
        _ => 1.0,
    };

    /// <summary>Emergency arrivals by hour of day (relative): a night trough, a late-morning peak, an evening hump.</summary>
    private static double ArrivalShape(double hour) => 0.3 + Gauss(hour, 11.5, 3) + 0.55 * Gauss(hour, 19.5, 2.5);
}
