using System.Globalization;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>SUMO's shape attribute: "x,y x,y ..." (a third coordinate, elevation, is dropped).</summary>
internal static class SumoShape
{
    public static IReadOnlyList<Point2> Parse(XmlElementReader xml, string attribute, string text)
    {
        var points = new List<Point2>();
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(',');
            if (parts.Length is < 2 or > 3
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
                throw xml.Error(attribute, $"'{TrafficImportException.Quote(pair)}' is not a point 'x,y'");
            if (!ImportBounds.Coordinate.Contains(x) || !ImportBounds.Coordinate.Contains(y))
                throw xml.Error(attribute, $"has the point '{TrafficImportException.Quote(pair)}'; {ImportBounds.Coordinate.Rule}");
            points.Add(new Point2(x, y));
        }
        if (points.Count < 2) throw xml.Error(attribute, "needs at least two points");
        return points;
    }
}
