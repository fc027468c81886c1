namespace CityMesh.Compute.OpenCl;

/// <summary>A work size in one, two or three dimensions (clEnqueueNDRangeKernel's global or local size).</summary>
public readonly record struct ClNDRange
{
    public ClNDRange(long x) : this(1, x, 1, 1) { }

    public ClNDRange(long x, long y) : this(2, x, y, 1) { }

    public ClNDRange(long x, long y, long z) : this(3, x, y, z) { }

    private ClNDRange(int dimensions, long x, long y, long z)
    {
        Dimensions = dimensions;
        X = x;
        Y = y;
        Z = z;
    }

    public int Dimensions { get; }
    public long X { get; }
    public long Y { get; }
    public long Z { get; }

    /// <summary>Work items in total.</summary>
    public long Count => checked(X * Y * Z);

    internal long this[int dimension] => dimension switch { 0 => X, 1 => Y, _ => Z };

    public static implicit operator ClNDRange(long x) => new(x);

    public override string ToString() => Dimensions switch { 1 => $"{X}", 2 => $"{X}x{Y}", _ => $"{X}x{Y}x{Z}" };
}
