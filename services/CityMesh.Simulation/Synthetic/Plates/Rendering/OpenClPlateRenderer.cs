using CityMesh.Compute.OpenCl;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// Draws plate scenes on an OpenCL device: the batch is packed into the same tables the managed renderer reads,
/// uploaded, and drawn by five kernels (shade, motion blur, defocus, sensor, and the two JPEG-style block passes),
/// one work-item per pixel of every image in a chunk. Buffers grow to the largest chunk seen and are reused.
/// </summary>
public sealed class OpenClPlateRenderer : IPlateRenderer
{
    /// <summary>Pixels per launch at most, which bounds the float planes (3 channels × 4 bytes × this, twice).</summary>
    private const long MaxChunkPixels = 8L << 20;
    private const int LocalSize = 64;

    private readonly ClContext _context;
    private readonly ClKernel _shade, _filter, _sensor, _dct, _idct;
    private readonly SceneTables _tables = new();
    private readonly List<IDisposable> _owned = [];
    private ClBuffer<float>? _floats, _glyphFloats, _bands, _screws, _taps, _quant, _planeA, _planeB;
    private ClBuffer<int>? _ints, _glyphInts;
    private ClBuffer<byte>? _rgb;
    private readonly ClBuffer<float> _segments, _gamma, _basis;

    public OpenClPlateRenderer(ClDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var program = OpenClPlateProgram.For(device);
        _context = program.Context;
        Backend = device.Type == ClDeviceType.Gpu ? "opencl-gpu" : "opencl-cpu";
        Description = $"OpenCL {(device.Type == ClDeviceType.Gpu ? "GPU" : "CPU")}: {device.Name} (driver {device.DriverVersion})";
        _shade = Own(program.Program.CreateKernel("shade_plates"));
        _filter = Own(program.Program.CreateKernel("filter_taps"));
        _sensor = Own(program.Program.CreateKernel("sensor"));
        _dct = Own(program.Program.CreateKernel("dct_quantise"));
        _idct = Own(program.Program.CreateKernel("idct_store"));
        _segments = Constant(SceneTables.Font.Segments);
        _gamma = Constant(CodecTables.Gamma);
        _basis = Constant(CodecTables.Basis);
    }

    public string Backend { get; }

    /// <summary>e.g. "OpenCL GPU: NVIDIA H100 80GB HBM3 (driver 550.54.15)".</summary>
    public string Description { get; }

    public void Render(ReadOnlySpan<PlateScene> scenes, int width, int height, Span<byte> rgb)
    {
        long perImage = RenderArguments.Check(scenes.Length, width, height, rgb.Length);
        int stride = (width + 7) & ~7, rows = (height + 7) & ~7, plane = stride * rows;
        long byPlanes = Math.Max(1, Math.Min(MaxChunkPixels, _context.Device.MaxAllocationBytes / 12) / plane);
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
        Upload(ref _floats, t.Floats, images * FloatStride);
        Upload(ref _ints, t.Ints, images * IntStride);
        Upload(ref _glyphFloats, t.GlyphFloats, t.Glyphs * GlyphFloatStride);
        Upload(ref _glyphInts, t.GlyphInts, t.Glyphs * GlyphIntStride);
        Upload(ref _bands, t.Bands, t.BandCount * BandStride);
        Upload(ref _screws, t.Screws, t.ScrewCount * ScrewStride);
        Upload(ref _taps, t.Taps, t.TapCount * TapStride);
        Upload(ref _quant, t.Quant, t.QuantCount * QuantStride);
        Grow(ref _planeA, 3L * plane * images);
        Grow(ref _planeB, 3L * plane * images);
        Grow(ref _rgb, 3L * width * height * images);
        var (a, b) = (_planeA!, _planeB!);
        long pixels = (long)width * height * images;

        int i = 0;
        _shade.SetArg(i++, _floats!); _shade.SetArg(i++, _ints!); _shade.SetArg(i++, _glyphFloats!); _shade.SetArg(i++, _glyphInts!);
        _shade.SetArg(i++, _segments); _shade.SetArg(i++, _bands!); _shade.SetArg(i++, _screws!); _shade.SetArg(i++, a);
        SetSize(_shade, i, width, height, stride, plane, images);
        Launch(_shade, pixels);

        Filter(MotionStart, a, b, width, height, stride, plane, images, pixels);
        Filter(DefocusStart, b, a, width, height, stride, plane, images, pixels);

        i = 0;
        _sensor.SetArg(i++, _floats!); _sensor.SetArg(i++, _ints!); _sensor.SetArg(i++, _gamma);
        _sensor.SetArg(i++, a); _sensor.SetArg(i++, b); _sensor.SetArg(i++, _rgb!);
        SetSize(_sensor, i, width, height, stride, plane, images);
        Launch(_sensor, pixels);

        if (t.QuantCount > 0)
        {
            i = 0;
            _dct.SetArg(i++, _ints!); _dct.SetArg(i++, _quant!); _dct.SetArg(i++, _basis); _dct.SetArg(i++, b); _dct.SetArg(i++, a);
            _dct.SetArg(i++, width); _dct.SetArg(i++, height); _dct.SetArg(i++, stride); _dct.SetArg(i++, rows);
            _dct.SetArg(i++, plane); _dct.SetArg(i, images);
            Launch(_dct, (long)plane * images);
            i = 0;
            _idct.SetArg(i++, _ints!); _idct.SetArg(i++, _basis); _idct.SetArg(i++, a); _idct.SetArg(i++, _rgb!);
            SetSize(_idct, i, width, height, stride, plane, images);
            Launch(_idct, pixels);
        }
        _rgb!.Read(rgb);
    }

    private void Filter(int slot, ClBuffer<float> source, ClBuffer<float> target, int width, int height, int stride, int plane, int images, long pixels)
    {
        int i = 0;
        _filter.SetArg(i++, _ints!); _filter.SetArg(i++, _taps!); _filter.SetArg(i++, slot);
        _filter.SetArg(i++, source); _filter.SetArg(i++, target);
        SetSize(_filter, i, width, height, stride, plane, images);
        Launch(_filter, pixels);
    }

    private static void SetSize(ClKernel kernel, int first, int width, int height, int stride, int plane, int images)
    {
        kernel.SetArg(first, width);
        kernel.SetArg(first + 1, height);
        kernel.SetArg(first + 2, stride);
        kernel.SetArg(first + 3, plane);
        kernel.SetArg(first + 4, images);
    }

    private static void Launch(ClKernel kernel, long items)
    {
        if (items > int.MaxValue) throw new InvalidOperationException($"{items} work-items exceed the kernels' int ids");
        if (kernel.WorkGroupSize >= LocalSize)
            kernel.Launch(ClWorkSize.RoundUp(items, LocalSize), LocalSize);
        else
            kernel.Launch(items);
    }

    private void Upload<T>(ref ClBuffer<T>? buffer, T[] data, int length) where T : unmanaged
    {
        Grow(ref buffer, Math.Max(length, 1));
        buffer!.Write(data.AsSpan(0, length));
    }

    private void Grow<T>(ref ClBuffer<T>? buffer, long length) where T : unmanaged
    {
        if (buffer is not null && buffer.Length >= length) return;
        buffer?.Dispose();
        _owned.Remove(buffer!);
        buffer = Own(_context.CreateBuffer<T>(Math.Max(length, buffer is null ? length : buffer.Length * 3 / 2)));
    }

    private ClBuffer<float> Constant(float[] data)
    {
        var buffer = Own(_context.CreateBuffer<float>(data.Length, ClMemoryAccess.ReadOnly));
        buffer.Write(data);
        return buffer;
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }
}
