namespace CityMesh.Contracts.Geo;

/// <summary>
/// Places a road network's plane on the earth: the plane's metres (x east, y north, as the network's file gives them)
/// to WGS84 and back. A network in local metres is anchored at a chosen point (<see cref="LocalTangentPlane"/>); a
/// network that carries its own projection (a SUMO network in UTM) is placed by that projection.
/// </summary>
public interface IGeoreference
{
    Position ToWgs84(double x, double y);

    (double X, double Y) ToPlane(Position position);
}
