using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;

/// <summary>
/// Draws plate scenes on an ILGPU accelerator: the batch is packed into the same tables the managed renderer reads,
/// uploaded, and drawn by five launches over every pixel of every image in a chunk (shade, motion blur, defocus,
/// sensor, and the two JPEG-style block passes), then the bytes come back in one copy. Buffers grow to the largest
/// chunk seen and are reused, so a warm batch allocates nothing on the device or the host.
/// </summary>
public sealed class IlgpuPlateRenderer : IPlateRenderer
{
    /// <summary>Pixels per launch at most, which bounds the float planes (3 channels × 4 bytes × this, twice).</summary>
    private const long MaxChunkPixels = 8L << 20;

    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly SceneTables _tables = new();
    private readonly Action<AcceleratorStream, Index1D, PlateViews, ArrayView<float>> _shade;
    private readonly Action<AcceleratorStream, Index1D, PlateViews, int, ArrayView<float>, ArrayView<float>> _filter;
    private readonly Action<AcceleratorStream, Index1D, PlateViews, ArrayView<float>, ArrayView<float>, ArrayView<byte>> _sensor;
    private readonly Action<AcceleratorStream, Index1D, PlateViews, ArrayView<float>, ArrayView<float>> _dct;
    private readonly Action<AcceleratorStream, Index1D, PlateViews, ArrayView<float>, ArrayView<byte>> _idct;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _segments, _gamma, _basis;
    private MemoryBuffer1D<float, Stride1D.Dense>? _floats, _glyphFloats, _bands, _screws, _taps, _quant, _planeA, _planeB;
    private MemoryBuffer1D<int, Stride1D.Dense>? _ints, _glyphInts;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _rgb;

    public IlgpuPlateRenderer(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        Backend = device.Kind.ToVariableValue();
        Description = device.Description;
        _shade = _accelerator.LoadAutoGroupedKernel<Index1D, PlateViews, ArrayView<float>>(PlateKernels.Shade);
        _filter = _accelerator.LoadAutoGroupedKernel<Index1D, PlateViews, int, ArrayView<float>, ArrayView<float>>(PlateKernels.FilterTaps);
        _sensor = _accelerator.LoadAutoGroupedKernel<Index1D, PlateViews, ArrayView<float>, ArrayView<float>, ArrayView<byte>>(PlateKernels.Sensor);
        _dct = _accelerator.LoadAutoGroupedKernel<Index1D, PlateViews, ArrayView<float>, ArrayView<float>>(PlateKernels.DctQuantise);
        _idct = _accelerator.LoadAutoGroupedKernel<Index1D, PlateViews, ArrayView<float>, ArrayView<byte>>(PlateKernels.IdctStore);
        _segments = Constant(SceneTables.Font.Segments);
        _gamma = Constant(CodecTables.Gamma);
        _basis = Constant(CodecTables.Basis);
    }

    /// <summary>"cuda", "opencl" or "ilgpu-cpu", as recorded in the manifest.</summary>
    public string Backend { get; }

    /// <summary>e.g. "cuda: NVIDIA H100 80GB HBM3, 79.1 GiB, sm_90".</summary>
    public string Description { get; }

    public void Render(ReadOnlySpan<PlateScene> scenes, int width, int height, Span<byte> rgb)
    {
        long perImage = RenderArguments.Check(scenes.Length, width, height, rgb.Length);
        int stride = (width + 7) & ~7, rows = (height + 7) & ~7, plane = stride * rows;
        long memory = _accelerator.MemorySize > 0 ? _accelerator.MemorySize : long.MaxValue;
        long byPlanes = Math.Max(1, Math.Min(MaxChunkPixels, memory / 32) / plane);
        int chunk = (int)Math.Min(byPlanes, Math.Max(1, int.MaxValue / (3L * plane)));
        for (int first = 0; first < scenes.Length; first += chunk)
        {
            int count = Math.Min(chunk, scenes.Length - first);
            DrawChunk(scenes.Slice(first, count), width, height, stride, rows, plane,
                rgb.Slice((int)(first * perImage), (int)(count * perImage)));
        }
    }

    private void DrawChunk(ReadOnlySpan<PlateScene> scenes, int width, int height, int stride, int rows, int plane, Span<byte> rgb)
    {
        int images = scenes.Length;
        _tables.Pack(scenes);
        var t = _tables;
        var views = new PlateViews
        {
            Floats = Upload(ref _floats, t.Floats, images * FloatStride),
            Ints = Upload(ref _ints, t.Ints, images * IntStride),
            GlyphFloats = Upload(ref _glyphFloats, t.GlyphFloats, t.Glyphs * GlyphFloatStride),
            GlyphInts = Upload(ref _glyphInts, t.GlyphInts, t.Glyphs * GlyphIntStride),
            Bands = Upload(ref _bands, t.Bands, t.BandCount * BandStride),
            Screws = Upload(ref _screws, t.Screws, t.ScrewCount * ScrewStride),
            Taps = Upload(ref _taps, t.Taps, t.TapCount * TapStride),
            Quant = Upload(ref _quant, t.Quant, t.QuantCount * QuantStride),
            Segments = _segments.View, Gamma = _gamma.View, Basis = _basis.View,
            Width = width, Height = height, Stride = stride, Rows = rows, Plane = plane,
        };
        var a = Grow(ref _planeA, 3L * plane * images);
        var b = Grow(ref _planeB, 3L * plane * images);
        var output = Grow(ref _rgb, 3L * width * height * images);
        int pixels = width * height * images;

        _shade(_stream, pixels, views, a);
        _filter(_stream, pixels, views, MotionStart, a, b);
        _filter(_stream, pixels, views, DefocusStart, b, a);
        _sensor(_stream, pixels, views, a, b, output);
        if (t.QuantCount > 0)
        {
            _dct(_stream, plane * images, views, b, a);
            _idct(_stream, pixels, views, a, output);
        }
        output.SubView(0, rgb.Length).CopyToCPU(_stream, rgb);
        _stream.Synchronize();
    }

    /// <summary>Copies the first <paramref name="length"/> entries of a host table into its device buffer, growing it when too small.</summary>
    private ArrayView<T> Upload<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, T[] data, int length) where T : unmanaged
    {
        var view = Grow(ref buffer, Math.Max(length, 1));
        if (length > 0) view.SubView(0, length).CopyFromCPU(_stream, data.AsSpan(0, length));
        return view;
    }

    private ArrayView<T> Grow<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length) where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
        {
            long size = buffer is null ? length : Math.Max(length, buffer.Length * 3 / 2);
            buffer?.Dispose();
            buffer = _accelerator.Allocate1D<T>(size);
        }
        return buffer.View;
    }

    private MemoryBuffer1D<float, Stride1D.Dense> Constant(float[] data)
    {
        var buffer = _accelerator.Allocate1D<float>(data.Length);
        buffer.View.CopyFromCPU(_stream, data);
        return buffer;
    }

    public void Dispose()
    {
        foreach (var buffer in new MemoryBuffer?[] { _segments, _gamma, _basis, _floats, _glyphFloats, _bands, _screws, _taps, _quant, _planeA, _planeB, _ints, _glyphInts, _rgb })
            buffer?.Dispose();
        _stream.Dispose();
    }
}
