namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// Who needs a hospital, by ten-year age band (0–9 … 80+): the share of infections admitted when their infectious
/// period ends, of admissions moved to intensive care, and of those who die there; and the mean stays (days,
/// exponentially distributed). The defaults are COVID-19's early estimates (admissions: Verity et al., Lancet
/// Infect. Dis. 2020; intensive care: Ferguson et al., Imperial College report 9, 2020; half of ICU patients die).
/// </summary>
public sealed record Severity
{
    public const int Bands = 9;

    public IReadOnlyList<double> Admitted { get; init; } = [0.001, 0.003, 0.012, 0.032, 0.049, 0.102, 0.166, 0.243, 0.273];
    public IReadOnlyList<double> Critical { get; init; } = [0.05, 0.05, 0.05, 0.05, 0.063, 0.122, 0.274, 0.432, 0.709];
    public IReadOnlyList<double> Dying { get; init; } = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    public double WardDays { get; init; } = 8;
    public double CriticalDays { get; init; } = 10;

    /// <summary>None admitted: the plain SEIR the fidelity checks use.</summary>
    public static Severity None { get; } = new() { Admitted = new double[Bands], Critical = new double[Bands], Dying = new double[Bands] };

    public IEnumerable<string> Problems()
    {
        foreach (var (name, shares) in new[] { ("admitted", Admitted), ("critical", Critical), ("dying", Dying) })
        {
            if (shares.Count != Bands) yield return $"severity.{name} must give {Bands} age bands (0–9 … 80+), not {shares.Count}";
            else if (shares.Any(p => !(p >= 0 && p <= 1))) yield return $"severity.{name}: every share must be in [0, 1]";
        }
        if (!(WardDays > 0) || double.IsInfinity(WardDays)) yield return $"severity.wardDays must be a finite number > 0, not {WardDays}";
        if (!(CriticalDays > 0) || double.IsInfinity(CriticalDays)) yield return $"severity.criticalDays must be a finite number > 0, not {CriticalDays}";
    }

    /// <summary>[admitted…, critical…, dying…] by band, as the kernels read them.</summary>
    internal float[] Table() => Admitted.Concat(Critical).Concat(Dying).Select(p => (float)p).ToArray();
}
