namespace CityMesh.Simulation.Epidemic;

/// <summary>What an intervention changes.</summary>
public enum InterventionKind
{
    /// <summary>Schools close: the school layer carries no transmission.</summary>
    SchoolClosure,
    /// <summary>A share of workers stays home: the work layer's rate falls by <see cref="Intervention.Share"/>.</summary>
    WorkFromHome,
    /// <summary>Contacts in <see cref="Intervention.Layer"/> fall by <see cref="Intervention.Share"/>.</summary>
    ContactReduction,
    /// <summary>
    /// On <see cref="Intervention.FromDay"/>, <see cref="Intervention.Share"/> of the susceptible agents in
    /// <see cref="Intervention.AgeBands"/> (all when empty) are vaccinated; a vaccinated agent is immune with
    /// chance <see cref="Intervention.Efficacy"/>.
    /// </summary>
    Vaccination,
}

/// <summary>An intervention from a day (until a day, when given).</summary>
public sealed record Intervention(InterventionKind Kind, double FromDay, double? UntilDay = null)
{
    public double Share { get; init; } = 1;
    public string? Layer { get; init; }
    public IReadOnlyList<int> AgeBands { get; init; } = [];
    public double Efficacy { get; init; } = 0.9;

    public bool ActiveOn(double day) => day >= FromDay && (UntilDay is not { } until || day < until);

    public IEnumerable<string> Problems(int index, IReadOnlyList<string> layers)
    {
        string at = $"interventions[{index}]";
        if (!(FromDay >= 0) || double.IsInfinity(FromDay)) yield return $"{at}.fromDay must be a finite number ≥ 0, not {FromDay}";
        if (UntilDay is { } until && !(until > FromDay)) yield return $"{at}.untilDay must come after fromDay";
        if (!(Share >= 0 && Share <= 1)) yield return $"{at}.share must be in [0, 1], not {Share}";
        if (!(Efficacy >= 0 && Efficacy <= 1)) yield return $"{at}.efficacy must be in [0, 1], not {Efficacy}";
        if (Kind == InterventionKind.ContactReduction && (Layer is null || !layers.Contains(Layer)))
            yield return $"{at}.layer must name one of the population's layers ({string.Join(", ", layers)}), not '{Layer}'";
        if (AgeBands.Any(b => b is < 0 or >= Severity.Bands)) yield return $"{at}.ageBands must be in 0..{Severity.Bands - 1}";
    }

    /// <summary>The factor this intervention puts on <paramref name="layer"/>'s rate while active.</summary>
    public double Factor(string layer) => Kind switch
    {
        InterventionKind.SchoolClosure when layer == ContactLayer.School => 1 - Share,
        InterventionKind.WorkFromHome when layer == ContactLayer.Work => 1 - Share,
        InterventionKind.ContactReduction when layer == Layer => 1 - Share,
        _ => 1,
    };
}
