namespace CityMesh.Contracts.Geo;

/// <summary>
/// A GeoJSON geometry (RFC 7946) in WGS84. Immutable by convention: the arrays are never changed once built.
/// Compare geometries with <see cref="GeoJson.Write(Geometry)"/> text, not record equality (arrays compare by reference).
/// </summary>
public abstract record Geometry
{
    /// <summary>The GeoJSON type name.</summary>
    public abstract string Type { get; }

    public abstract BoundingBox Bounds { get; }

    /// <summary>Every position of the geometry, in order.</summary>
    public abstract IEnumerable<Position> Positions { get; }

    /// <summary>A representative point: the point itself, else the centre of the bounds.</summary>
    public virtual Position Anchor
    {
        get
        {
            var b = Bounds;
            return new((b.MinLongitude + b.MaxLongitude) / 2, (b.MinLatitude + b.MaxLatitude) / 2);
        }
    }

    protected static BoundingBox BoundsOf(IEnumerable<Position> positions)
    {
        var box = BoundingBox.Empty;
        foreach (var p in positions) box = box.Include(p);
        return box;
    }
}

public sealed record Point(Position Coordinates) : Geometry
{
    public Point(double longitude, double latitude) : this(new Position(longitude, latitude)) { }
    public override string Type => "Point";
    public override BoundingBox Bounds => new(Coordinates.Longitude, Coordinates.Latitude, Coordinates.Longitude, Coordinates.Latitude);
    public override IEnumerable<Position> Positions => [Coordinates];
    public override Position Anchor => Coordinates;
}

public sealed record LineString(Position[] Coordinates) : Geometry
{
    public override string Type => "LineString";
    public override BoundingBox Bounds => BoundsOf(Coordinates);
    public override IEnumerable<Position> Positions => Coordinates;
}

/// <summary>The first ring is the exterior; the others are holes. Rings are closed (first == last).</summary>
public sealed record Polygon(Position[][] Rings) : Geometry
{
    public override string Type => "Polygon";
    public override BoundingBox Bounds => BoundsOf(Rings[0]);
    public override IEnumerable<Position> Positions => Rings.SelectMany(r => r);
}

public sealed record MultiPoint(Position[] Coordinates) : Geometry
{
    public override string Type => "MultiPoint";
    public override BoundingBox Bounds => BoundsOf(Coordinates);
    public override IEnumerable<Position> Positions => Coordinates;
}

public sealed record MultiLineString(Position[][] Lines) : Geometry
{
    public override string Type => "MultiLineString";
    public override BoundingBox Bounds => BoundsOf(Lines.SelectMany(l => l));
    public override IEnumerable<Position> Positions => Lines.SelectMany(l => l);
}

public sealed record MultiPolygon(Position[][][] Polygons) : Geometry
{
    public override string Type => "MultiPolygon";
    public override BoundingBox Bounds => BoundsOf(Polygons.SelectMany(p => p[0]));
    public override IEnumerable<Position> Positions => Polygons.SelectMany(p => p.SelectMany(r => r));
}
