namespace CityMesh.Transport.Routing;

/// <summary>The body of <c>POST /transport/routes</c>.</summary>
/// <param name="Vehicle"><c>emergency</c> or <c>fleet</c>.</param>
/// <param name="DepartAt">When the vehicle sets off; now when absent.</param>
public sealed record RouteRequest(RoutePlace? From, RoutePlace? To, string? Vehicle, DateTimeOffset? DepartAt);

/// <summary>Exactly one of: an Intersection entity id, a RoadSegment entity id, or a WGS84 point.</summary>
public sealed record RoutePlace(string? Intersection, string? Road, GeoPoint? Point);

public sealed record GeoPoint(double Lat, double Lon);
