namespace CityMesh.Contracts.Twin;

/// <summary>The eight object categories of the CAICT digital twin object model.</summary>
public enum EntityCategory
{
    NaturalPerson,
    LegalPerson,
    NaturalEntity,
    ManagementEntity,
    BuildingOrStructure,
    MeansOfTransportation,
    GoodsAndEquipment,
    Other,
}
