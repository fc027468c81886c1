using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Where a SUMO network lies on the earth: its <c>&lt;location&gt;</c> element. netconvert shifts the projected
/// coordinates by <see cref="NetOffset"/> so the network starts near (0, 0): a point of the network at (x, y) lies at
/// (x − netOffset.x, y − netOffset.y) in the projection <see cref="ProjParameter"/> names (a PROJ string such as
/// <c>+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs</c>), or in no projection at all when it is
/// <c>!</c>. A network without the element is not georeferenced either, as SUMO reads it.
/// </summary>
/// <param name="ConvBoundary">The network's extent in its own coordinates, when the file gives it.</param>
/// <param name="OrigBoundary">The input's extent before conversion (longitude and latitude for a projected network).</param>
public sealed record SumoLocation(Point2 NetOffset, string ProjParameter, SumoBoundary? ConvBoundary, SumoBoundary? OrigBoundary)
{
    /// <summary>SUMO's word for "no projection".</summary>
    public const string NotProjected = "!";

    public static readonly SumoLocation None = new(new Point2(0, 0), NotProjected, null, null);

    public bool Georeferenced => ProjParameter != NotProjected;

    /// <summary>Coordinates in the projection of a point of the network.</summary>
    public Point2 Projected(double x, double y) => new(x - NetOffset.X, y - NetOffset.Y);

    /// <summary>
    /// Reads the <c>&lt;location&gt;</c> element and nothing after it: netconvert writes it first, so reading stops at
    /// the element, or at the first edge or junction of a file that has none.
    /// </summary>
    /// <exception cref="TrafficImportException">The file is not a SUMO network, or an attribute is missing or malformed; the message names it.</exception>
    public static SumoLocation Read(string path, InputLimits? limits = null)
    {
        using var xml = new XmlElementReader(path, limits ?? InputLimits.Default);
        if (!xml.NextElement() || xml.Element != "net")
            throw new TrafficImportException(path, $"line {xml.Line}: expected a SUMO network, whose root element is <net>");
        while (xml.NextElement())
        {
            if (xml.Depth != 1) continue;
            if (xml.Element is "edge" or "junction" or "tlLogic" or "connection") break;
            if (xml.Element != "location") continue;
            var offset = Numbers(xml, "netOffset", xml.Required("netOffset"), 2);
            var projection = xml.Required("projParameter").Trim();
            if (projection.Length == 0) throw xml.Error("projParameter", $"is empty; it is a PROJ string, or '{NotProjected}' for a network without a projection");
            return new SumoLocation(new Point2(offset[0], offset[1]), projection, Boundary(xml, "convBoundary"), Boundary(xml, "origBoundary"));
        }
        return None;
    }

    private static SumoBoundary? Boundary(XmlElementReader xml, string attribute) =>
        xml.Optional(attribute) is { } text && Numbers(xml, attribute, text, 4) is [var minX, var minY, var maxX, var maxY]
            ? new SumoBoundary(minX, minY, maxX, maxY)
            : null;

    private static double[] Numbers(XmlElementReader xml, string attribute, string text, int count)
    {
        var parts = text.Split(',');
        if (parts.Length != count) throw xml.Error(attribute, $"is '{TrafficImportException.Quote(text)}'; it needs {count} numbers separated by commas");
        return [.. parts.Select(p => xml.InBound(attribute, p.Trim(), ImportBounds.Coordinate))];
    }
}

/// <summary>A rectangle as SUMO writes one: <c>minX,minY,maxX,maxY</c> (for geographic boundaries, longitude first).</summary>
public readonly record struct SumoBoundary(double MinX, double MinY, double MaxX, double MaxY);
