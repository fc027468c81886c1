using System.ComponentModel;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// An outbreak in a population drawn from spec.seed (the same for every member and variant): synthetic, or from the
/// city's twin (its homes, schools, workplaces and hospitals). SEIR with ward and ICU stays and deaths by age
/// (services/CityMesh.Simulation/Epidemic/README.md). Ensemble members differ in the epidemic's seed.
/// </summary>
[AtMostOneOf("population", "twin")]
public sealed record EpidemicSpec
{
    public const int DefaultPopulation = 100_000;

    // No default in the schema: the API server would fill it in beside twin, which it must not be.
    [Minimum(1000), Maximum(50000000), Description("People in a synthetic population (households, schools, workplaces and neighbourhoods drawn at random); within [1000, 50000000]. Default 100000 when twin is not set; not with twin.")]
    public int? Population { get; init; }

    [Description("Draw the population from the city's twin instead: residents in its residential buildings, pupils at its schools, workers at its workplaces, and each admitted patient at the hospital nearest home, with every hospital's load against its beds. Not with population.")]
    public TwinPopulationSpec? Twin { get; init; }

    [Minimum(0), Maximum(10), Description("Multiplies every contact layer's transmission rate: 1 gives an R0 of about 2.5; within [0, 10]. Default 1.")]
    public double TransmissionScale { get; init; } = 1;

    [Minimum(0), Maximum(30), Description("Mean latent period, days (exponential); 0 makes it SIR; within [0, 30]. Default 3.")]
    public double LatentDays { get; init; } = 3;

    [Minimum(0.5), Maximum(60), Description("Mean infectious period, days (exponential); within [0.5, 60]. Default 5.")]
    public double InfectiousDays { get; init; } = 5;

    [Minimum(1), Maximum(3650), Description("Days simulated (the run ends sooner when the outbreak is over); within [1, 3650]. Default 180.")]
    public int Days { get; init; } = 180;

    [Minimum(1), Description("People infectious on day 0, drawn at random; at least 1. Default 20.")]
    public int InitialInfections { get; init; } = 20;
}

/// <summary>How the population is drawn from the city's twin (services/CityMesh.Simulation/Epidemic/README.md).</summary>
public sealed record TwinPopulationSpec
{
    [Minimum(5), Maximum(500), Description("Residential floor area per resident, m²; within [5, 500]. Default 35.")]
    public double FloorAreaPerResident { get; init; } = 35;

    [MaxItems(12), Minimum(0), Maximum(1), Description("Shares of households of 1, 2, 3, ... people, at most 12 sizes (normalised); empty: 0.34, 0.32, 0.15, 0.13, 0.04, 0.02.")]
    public IReadOnlyList<double> HouseholdSizes { get; init; } = [];

    [Minimum(50), Maximum(20000), Description("Side of a neighbourhood square (the community layer), m; within [50, 20000]. Default 500.")]
    public double NeighbourhoodMetres { get; init; } = 500;

    [Minimum(0), Maximum(1), Description("Share of each hospital's ward and ICU beds free for the outbreak, the rest holding other patients (0.15: hospitals at 85 % occupancy); within [0, 1]. Default 0.15.")]
    public double FreeBedShare { get; init; } = 0.15;
}

/// <summary>What a variant changes in an epidemic, each from a day (and until a day where given); one change at least.</summary>
[AtLeastOneOf("schoolClosure", "workFromHome", "contactReductions", "vaccination")]
public sealed record EpidemicInterventionSpec
{
    [Description("Schools closed: no transmission in the school layer.")]
    public DayWindowSpec? SchoolClosure { get; init; }

    [Description("A share of workers at home: the work layer's rate falls by that share.")]
    public ShareWindowSpec? WorkFromHome { get; init; }

    [ListMapKey("layer"), Description("Contacts in a layer (household, school, work, community) fall by a share.")]
    public IReadOnlyList<ContactReductionSpec> ContactReductions { get; init; } = [];

    [Description("On a day, a share of the susceptible people in the chosen age bands is vaccinated.")]
    public VaccinationSpec? Vaccination { get; init; }
}

public sealed record DayWindowSpec
{
    [Minimum(0), Maximum(3650), Description("First day it applies.")]
    public double FromDay { get; init; }
    [Minimum(0), Maximum(3650), After("fromDay"), Description("Day it stops applying, after fromDay; absent: to the end.")]
    public double? UntilDay { get; init; }
}

public sealed record ShareWindowSpec
{
    [Required, Minimum(0), Maximum(1), Description("The share, 0 to 1.")]
    public double? Share { get; init; }
    [Minimum(0), Maximum(3650), Description("First day it applies.")]
    public double FromDay { get; init; }
    [Minimum(0), Maximum(3650), After("fromDay"), Description("Day it stops applying, after fromDay; absent: to the end.")]
    public double? UntilDay { get; init; }
}

public sealed record ContactReductionSpec
{
    [Required, OneOf("household", "school", "work", "community"), Description("The contact layer.")]
    public string Layer { get; init; } = "";
    [Required, Minimum(0), Maximum(1), Description("How much its contacts fall, 0 to 1.")]
    public double? Share { get; init; }
    [Minimum(0), Maximum(3650), Description("First day it applies.")]
    public double FromDay { get; init; }
    [Minimum(0), Maximum(3650), After("fromDay"), Description("Day it stops applying, after fromDay; absent: to the end.")]
    public double? UntilDay { get; init; }
}

public sealed record VaccinationSpec
{
    [Minimum(0), Maximum(3650), Description("The day the campaign vaccinates.")]
    public double Day { get; init; }
    [Minimum(0), Maximum(1), Description("Share of the susceptible people in the age bands vaccinated.")]
    public double Coverage { get; init; } = 0.5;
    [Minimum(0), Maximum(1), Description("Chance a vaccinated person is immune.")]
    public double Efficacy { get; init; } = 0.9;
    [ListSet, Minimum(0), Maximum(8), Description("Ten-year age bands (0: 0–9 … 8: 80 and over); empty: everyone.")]
    public IReadOnlyList<int> AgeBands { get; init; } = [];
}
