using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Solar.Shading;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Solar.Gpu;

/// <summary>
/// The roofs × suns sums on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests): the scene
/// is copied once per run, one launch computes every (sample, block) pair, and the partial sums come back.
/// </summary>
internal sealed class IlgpuSolarKernels : ISolarKernels
{
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Action<AcceleratorStream, Index1D, SolarViews> _sums;

    public IlgpuSolarKernels(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _sums = _accelerator.LoadAutoGroupedKernel<Index1D, SolarViews>(SolarKernels.Sums);
        Description = device.Description;
    }

    public string Description { get; }

    public double KernelSeconds { get; private set; }

    public void Run(CityBlocks city, RoofSamples samples, SunTable suns, PvConstants pv, SolarSums into)
    {
        var buffers = new List<IDisposable>();
        try
        {
            int pairs = into.Samples * into.Blocks;
            var poa = Allocate<double>(pairs, buffers);
            var ac = Allocate<double>(pairs, buffers);
            var shaded = Allocate<int>(pairs, buffers);
            var cast = Allocate<int>(pairs, buffers);
            var views = new SolarViews
            {
                VertexXs = Upload(city.VertexX, buffers), VertexYs = Upload(city.VertexY, buffers), Heights = Upload(city.Height, buffers),
                MinXs = Upload(city.MinX, buffers), MinYs = Upload(city.MinY, buffers), MaxXs = Upload(city.MaxX, buffers), MaxYs = Upload(city.MaxY, buffers),
                VertexStarts = Upload(city.VertexStart, buffers), CellStarts = Upload(city.CellStart, buffers), CellBuildings = Upload(city.CellBuildings, buffers),
                CellMaxHeights = Upload(city.CellMaxHeight, buffers),
                SampleXs = Upload(samples.X, buffers), SampleYs = Upload(samples.Y, buffers), SampleZs = Upload(samples.Z, buffers),
                SampleBuildings = Upload(samples.Building, buffers),
                NormalEasts = Upload(samples.NormalEast, buffers), NormalNorths = Upload(samples.NormalNorth, buffers), NormalUps = Upload(samples.NormalUp, buffers),
                SunDxs = Upload(suns.Dx, buffers), SunDys = Upload(suns.Dy, buffers), SunCots = Upload(suns.Cot, buffers),
                SunEasts = Upload(suns.East, buffers), SunNorths = Upload(suns.North, buffers), SunUps = Upload(suns.Up, buffers),
                SunBeams = Upload(suns.Beam, buffers), SunSkies = Upload(suns.Sky, buffers), SunGrounds = Upload(suns.Ground, buffers),
                SunAmbients = Upload(suns.Ambient, buffers), SunHourss = Upload(suns.Hours, buffers),
                OutPoa = poa, OutAc = ac, OutShaded = shaded, OutCast = cast,
                ColumnCount = city.Columns, RowCount = city.Rows, SunCount = suns.Count, BlockCount = into.Blocks, PairCount = pairs,
                Cell = city.CellSize, TallestHeight = city.MaxHeight, Pv = pv,
            };
            _stream.Synchronize();
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (pairs > 0) _sums(_stream, pairs, views);
            _stream.Synchronize();
            KernelSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (pairs > 0)
            {
                poa.SubView(0, pairs).CopyToCPU(_stream, into.Poa);
                ac.SubView(0, pairs).CopyToCPU(_stream, into.Ac);
                shaded.SubView(0, pairs).CopyToCPU(_stream, into.Shaded);
                cast.SubView(0, pairs).CopyToCPU(_stream, into.Cast);
            }
            _stream.Synchronize();
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
        }
    }

    public void Dispose() => _stream.Dispose();

    private ArrayView<T> Allocate<T>(int length, List<IDisposable> buffers) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, length));
        buffers.Add(buffer);
        return buffer.View;
    }

    private ArrayView<T> Upload<T>(T[] host, List<IDisposable> buffers) where T : unmanaged
    {
        var view = Allocate<T>(host.Length, buffers);
        if (host.Length > 0) view.SubView(0, host.Length).CopyFromCPU(_stream, host);
        return view;
    }
}
