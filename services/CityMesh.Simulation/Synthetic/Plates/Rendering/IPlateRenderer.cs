namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// Draws plate scenes to 8-bit RGB pixels. The managed renderer is the oracle; the ILGPU one must agree with it within
/// a small per-pixel tolerance for the same scenes. Instances are not thread-safe; a renderer owns its device buffers.
/// </summary>
public interface IPlateRenderer : IDisposable
{
    /// <summary>"managed", "cuda", "opencl" or "ilgpu-cpu", as recorded in the manifest.</summary>
    string Backend { get; }

    /// <summary>
    /// Renders <paramref name="scenes"/> into <paramref name="rgb"/>: scenes.Length images of
    /// <paramref name="width"/>×<paramref name="height"/> pixels, image after image, rows top-down, 3 bytes per pixel.
    /// </summary>
    void Render(ReadOnlySpan<PlateScene> scenes, int width, int height, Span<byte> rgb);
}
