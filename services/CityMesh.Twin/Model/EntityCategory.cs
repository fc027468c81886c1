namespace CityMesh.Twin.Model;

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
