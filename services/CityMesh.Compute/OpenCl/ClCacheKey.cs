using System.Security.Cryptography;
using System.Text;

namespace CityMesh.Compute.OpenCl;

/// <summary>SHA-256 over what determines a program binary: source, options, device name and driver version.</summary>
internal static class ClCacheKey
{
    // Bumped when the binary file format or what goes into the key changes.
    private const string Format = "citymesh-opencl-binary/1";

    internal static string For(string source, string options, ClDevice device)
    {
        var text = new StringBuilder();
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        foreach (var part in new[] { Format, source, options, device.Name, device.DriverVersion, device.PlatformVersion })
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
