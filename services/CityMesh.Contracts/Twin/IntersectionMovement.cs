namespace CityMesh.Contracts.Twin;

/// <summary>A movement through an intersection and the lanes it joins.</summary>
public sealed record IntersectionMovement(string From, string To, string Turn, IReadOnlyList<LaneLink> Lanes);

/// <summary>
/// One lane of <c>From</c> to one lane of <c>To</c>; lanes are numbered from the centre line outwards, as in the
/// RoadSegment's <c>laneWidths</c>. <see cref="Path"/> is the way across the junction, [longitude, latitude] pairs.
/// </summary>
public sealed record LaneLink(int FromLane, int ToLane, IReadOnlyList<double[]> Path);
