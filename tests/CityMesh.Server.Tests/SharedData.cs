using System.Runtime.CompilerServices;

namespace CityMesh.Server.Tests;

/// <summary>Files of ../shared beside the checkout, found from this source file's place in the repository.</summary>
internal static class SharedData
{
    /// <summary>A file of the Jinan 3×4 data set: <c>roadnet_3_4.json</c> or <c>anon_3_4_jinan_real.json</c>.</summary>
    public static string Jinan(string file) => Shared(Path.Combine("data", "traffic", "Jinan_3_4", file));

    /// <summary>An EPANET example network in <c>../shared/data/water</c>: <c>Net1.inp</c>, <c>Net2.inp</c>, <c>Net3.inp</c>.</summary>
    public static string Water(string file) => Shared(Path.Combine("data", "water", file));

    /// <summary>A data file of the ETSI NGSI-LD conformance suite (<c>../shared/ngsi-ld/etsi-suite/data</c>), e.g. <c>entities/batch/empty.jsonld</c>.</summary>
    public static string EtsiSuite(string file) => Shared(Path.Combine("ngsi-ld", "etsi-suite", "data", file));

    /// <param name="self">This file, so the path does not depend on where the caller's file sits.</param>
    private static string Shared(string relative, [CallerFilePath] string self = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self)!, "..", "..", "..", "shared", relative));
}
