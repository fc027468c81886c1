namespace CityMesh.Compute.OpenCl;

/// <summary>An installed OpenCL implementation (one ICD: NVIDIA, PoCL, ...) and its devices.</summary>
public sealed record ClPlatform(string Name, string Vendor, string Version, string Profile, IReadOnlyList<ClDevice> Devices)
{
    public override string ToString() => $"{Name} ({Version})";
}
