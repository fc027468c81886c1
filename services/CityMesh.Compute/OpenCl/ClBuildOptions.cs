namespace CityMesh.Compute.OpenCl;

/// <summary>Build options as CityMesh passes them: OpenCL C 1.2 unless the caller names a standard.</summary>
public static class ClBuildOptions
{
    /// <summary>Kernels stay within OpenCL C 1.2 so NVIDIA's driver (1.2 plus extensions on older stacks) and PoCL both run them.</summary>
    public const string Standard = "-cl-std=CL1.2";

    public static string Normalize(string? options)
    {
        var trimmed = (options ?? "").Trim();
        if (trimmed.Contains("-cl-std=", StringComparison.Ordinal))
            return trimmed;
        return trimmed.Length == 0 ? Standard : $"{Standard} {trimmed}";
    }
}
