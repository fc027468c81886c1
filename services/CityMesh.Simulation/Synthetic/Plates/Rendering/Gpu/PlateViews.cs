using ILGPU;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;

/// <summary>
/// A batch's <see cref="SceneTables"/> and the constant codec tables as device views, with the image geometry: one
/// kernel parameter for every plate kernel. Planes are per image R, G, B (or Y, Cb, Cr), each Stride × Rows floats.
/// </summary>
internal struct PlateViews
{
    public ArrayView<float> Floats, GlyphFloats, Segments, Bands, Screws, Taps, Quant, Gamma, Basis;
    public ArrayView<int> Ints, GlyphInts;
    public int Width, Height, Stride, Rows, Plane;
}
