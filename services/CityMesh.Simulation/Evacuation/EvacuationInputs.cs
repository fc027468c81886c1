namespace CityMesh.Simulation.Evacuation;

/// <summary>A shelter: its node on the walkway graph, how many people it takes, and its entrance's width (m).</summary>
public sealed record Shelter(string Name, int Node, int Capacity, double DoorWidth);

/// <summary>
/// People who leave one place together through one door: a building's residents, say. Each leaves at
/// <see cref="StartSeconds"/> plus a delay drawn from the response curve (a staged zone's start is its start).
/// </summary>
/// <param name="Node">The door's node on the walkway graph.</param>
/// <param name="DoorWidth">The door's width, m: at most the maximum specific flow × width leave per second.</param>
/// <param name="Shelters">The shelters it may be sent to (a zone's); null: any.</param>
public sealed record EvacueeGroup(string Name, int Node, int People, double DoorWidth, double StartSeconds = 0, IReadOnlyList<int>? Shelters = null);

/// <summary>
/// A person already on a walkway at the start, on <paramref name="Link"/> heading for its node <paramref name="Toward"/>,
/// <paramref name="Remaining"/> metres from it: how a crowd in a corridor is set up.
/// </summary>
public sealed record StreetWalker(int Link, int Toward, double Remaining);

/// <summary>
/// People reaching shelter <paramref name="Shelter"/> (its index) by other means, cars say, at <paramref name="Seconds"/>:
/// they take its places as they come, first come first served with the walkers; beyond its places they are turned
/// away (they are not walking, so they are not rerouted).
/// </summary>
public sealed record ShelterArrival(int Shelter, double Seconds, int People);

/// <summary>A walkway no one may enter from <paramref name="AtSeconds"/> on (water over it, say); people on it walk off.</summary>
public sealed record WalkwayClosure(int Link, double AtSeconds);

/// <summary>How people are sent to shelters when they leave.</summary>
public enum ShelterRule
{
    /// <summary>The nearest by walking distance, full or not: those turned away walk on to the nearest with room.</summary>
    Nearest,
    /// <summary>The nearest that still has room for the people sent there before (in order of departure); the nearest when none has.</summary>
    NearestWithRoom,
}
