using System.Runtime.CompilerServices;

namespace CityMesh.Server.Tests;

/// <summary>Files of ../shared/data beside the checkout, found from this source file.</summary>
internal static class SharedData
{
    /// <summary>A file of the Jinan 3×4 data set: <c>roadnet_3_4.json</c> or <c>anon_3_4_jinan_real.json</c>.</summary>
    public static string Jinan(string file, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "shared", "data", "traffic", "Jinan_3_4", file));
    /// <summary>A data file of the ETSI NGSI-LD conformance suite (<c>../shared/ngsi-ld/etsi-suite/data</c>), e.g. <c>entities/batch/empty.jsonld</c>.</summary>
    public static string EtsiSuite(string file, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "shared", "ngsi-ld", "etsi-suite", "data", file));
}
