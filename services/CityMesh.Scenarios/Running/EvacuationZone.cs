using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>An area on the plane: a polygon (even-odd rule) or a circle.</summary>
internal sealed record EvacuationArea(IReadOnlyList<(double X, double Y)> Polygon, (double X, double Y) Centre, double Radius)
{
    public static EvacuationArea Of(IReadOnlyList<EvacuationPointSpec> polygon, CircleSpec? circle, EvacuationCity city, string field)
    {
        if (polygon.Count > 0)
        {
            if (polygon.Count < 3) throw new ScenarioInputException($"{field}.polygon", $"{polygon.Count} points; a polygon needs at least three.");
            return new(polygon.Select((p, k) => city.Place(p, $"{field}.polygon[{k}]")).ToList(), default, 0);
        }
        if (circle is null) throw new ScenarioInputException(field, "set a polygon or a circle.");
        return new([], city.Place(circle.At, $"{field}.circle.at"), circle.RadiusMetres ?? throw new ScenarioInputException($"{field}.circle.radiusMetres", "required."));
    }

    public bool Contains(double x, double y)
    {
        if (Polygon.Count == 0) return (x - Centre.X) * (x - Centre.X) + (y - Centre.Y) * (y - Centre.Y) <= Radius * Radius;
        bool inside = false;
        for (int i = 0, j = Polygon.Count - 1; i < Polygon.Count; j = i++)
        {
            var (a, b) = (Polygon[i], Polygon[j]);
            if ((a.Y > y) != (b.Y > y) && x < (b.X - a.X) * (y - a.Y) / (b.Y - a.Y) + a.X) inside = !inside;
        }
        return inside;
    }
}

/// <summary>A building to evacuate: where it is on the plane and its residents.</summary>
internal sealed record ZoneBuilding(string Id, double X, double Y, int People);
