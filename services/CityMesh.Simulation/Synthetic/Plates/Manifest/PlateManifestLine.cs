using CityMesh.Simulation.Synthetic.Plates.Camera;

namespace CityMesh.Simulation.Synthetic.Plates.Manifest;

/// <summary>
/// One image in <c>manifest.jsonl</c>: its file, where it comes from (run seed and index give its seed), what it shows,
/// and the full scene, so the image can be redrawn from this line alone, by the backend named.
/// </summary>
public sealed record PlateManifestLine(
    string Image, long Index, ulong RunSeed, ulong Seed, string Template, string Text, CameraPose Camera, PlateScene Scene, string Backend)
{
    public static PlateManifestLine From(PlateSample sample, string image, ulong runSeed, string backend) =>
        new(image, sample.Index, runSeed, sample.Seed, sample.TemplateId, sample.Text, sample.Camera, sample.Scene, backend);
}
