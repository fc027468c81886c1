namespace CityMesh.Compute.OpenCl;

/// <summary>
/// OpenCL 1.2 requires the global size to be a multiple of the local size, so launches over n items round
/// n up and the kernel skips ids at or past n.
/// </summary>
public static class ClWorkSize
{
    /// <summary>The smallest multiple of <paramref name="multiple"/> that is at least <paramref name="value"/>.</summary>
    public static long RoundUp(long value, long multiple)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(multiple);
        return checked(GroupCount(value, multiple) * multiple);
    }

    /// <summary>How many groups of <paramref name="groupSize"/> cover <paramref name="value"/> items.</summary>
    public static long GroupCount(long value, long groupSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        return value / groupSize + (value % groupSize == 0 ? 0 : 1);
    }
}
