namespace CityMesh.Contracts.Health;

/// <summary>
/// The bed types the twin counts, a HospitalWard's <c>bedType</c>. Each maps to the Hospital attributes that total it
/// (<c>{prefix}Beds</c>, <c>{prefix}BedsOccupied</c>): general beds are the hospital's <c>bedsInpatient</c> less the
/// others, as SANER's numBeds counts every inpatient bed.
/// </summary>
public static class BedTypes
{
    public const string General = "general";
    public const string Icu = "icu";
    public const string Paediatric = "paediatric";

    public static readonly IReadOnlyList<string> All = [General, Icu, Paediatric];

    public static bool IsKnown(string? type) => type is General or Icu or Paediatric;

    /// <summary>The Hospital attribute counting staffed beds of this type.</summary>
    public static string CapacityAttribute(string type) => type switch
    {
        Icu => "icuBeds",
        Paediatric => "paediatricBeds",
        _ => "generalBeds",
    };

    /// <summary>The Hospital attribute counting occupied beds of this type.</summary>
    public static string OccupiedAttribute(string type) => CapacityAttribute(type) + "Occupied";
}
