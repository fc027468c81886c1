namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// Detector series for forecasting: per road, per day, per 5-minute slot, flow (veh/h) and space-mean speed (km/h),
/// stored road-major as structure of arrays (index <see cref="Index"/>) so a road's days lie next to each other.
/// </summary>
public sealed record ForecastDataSet(DateOnly FirstDay, int Days, IReadOnlyList<string> Roads, float[] Flow, float[] Speed,
    IReadOnlyList<IncidentLabel> Incidents)
{
    public const int SlotMinutes = 5;
    public const int SlotsPerDay = 24 * 60 / SlotMinutes;

    public int Index(int road, int day, int slot) => (road * Days + day) * SlotsPerDay + slot;

    public bool IsWeekend(int day) => FirstDay.AddDays(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>The series of one quantity.</summary>
    public float[] Series(Quantity quantity) => quantity == Quantity.Flow ? Flow : Speed;
}

/// <summary>What a detector measures that is forecast.</summary>
public enum Quantity { Flow, Speed }
