namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// One way people meet (household, school, work, community): every agent belongs to at most one group of the layer,
/// and within a group contacts are well mixed. <paramref name="Beta"/> is the transmission rate per day: a
/// susceptible member of a group of n with i infectious members is infected at rate Beta · i / n from this layer
/// (frequency-dependent, so a layer's weight does not grow with its group sizes).
/// </summary>
/// <param name="GroupOf">Each agent's group, 0..GroupCount−1, or −1 when it is not in the layer (a child has no workplace).</param>
public sealed record ContactLayer(string Name, double Beta, int GroupCount, int[] GroupOf)
{
    public const string Household = "household";
    public const string School = "school";
    public const string Work = "work";
    public const string Community = "community";
}
