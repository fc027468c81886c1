using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>
/// The epidemic on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests). The agents stay
/// on the device for the whole run; a step sends the layers' rates (a few floats) and reads back its moves (15 ints) and, with hospitals,
/// each one's change in ward and ICU occupancy (2 ints per hospital).
/// </summary>
internal sealed class IlgpuEpidemicKernels : IEpidemicKernels
{
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Action<AcceleratorStream, Index1D, EpidemicViews, long> _update, _vaccinate;
    private readonly Action<AcceleratorStream, Index1D, EpidemicViews> _apply;
    private readonly int[] _moves = new int[Moves.Slots];
    private int[] _beds = [];
    private readonly List<IDisposable> _buffers = [];
    private MemoryBuffer1D<byte, Stride1D.Dense>? _state;
    private MemoryBuffer1D<int, Stride1D.Dense>? _infectious, _movesBuffer, _bedsBuffer;
    private MemoryBuffer1D<float, Stride1D.Dense>? _beta, _vaccine;
    private EpidemicViews _views;

    public IlgpuEpidemicKernels(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _update = _accelerator.LoadAutoGroupedKernel<Index1D, EpidemicViews, long>(EpidemicKernels.Update);
        _vaccinate = _accelerator.LoadAutoGroupedKernel<Index1D, EpidemicViews, long>(EpidemicKernels.Vaccinate);
        _apply = _accelerator.LoadAutoGroupedKernel<Index1D, EpidemicViews>(EpidemicKernels.Apply);
        Description = device.Description;
    }

    public string Description { get; }

    public void Bind(EpidemicState s)
    {
        _state = Upload(s.State);
        _infectious = Upload(s.Infectious);
        _movesBuffer = Upload(new int[Moves.Slots]);
        _beta = Upload(s.Beta);
        _vaccine = Upload(new float[Severity.Bands]);
        _beds = new int[s.Hospitals * EpidemicState.BedKinds];
        _bedsBuffer = Upload(_beds);
        _views = new EpidemicViews
        {
            State = _state.View, AgeBand = Upload(s.AgeBand).View, Groups = Upload(s.Groups).View, Sizes = Upload(s.Sizes).View,
            Infectious = _infectious.View, Delta = Upload(new int[Math.Max(1, s.Sizes.Length)]).View, Moves = _movesBuffer.View,
            Beta = _beta.View, Severity = Upload(s.Severity).View, VaccineChance = _vaccine.View,
            HospitalOf = Upload(s.HospitalOf).View, Beds = _bedsBuffer.View, Hospitals = s.Hospitals,
            Count = s.Count, Layers = s.Layers, HasLatent = s.HasLatent ? 1 : 0, Seed = s.Seed, StepDays = s.StepDays, Chances = s.Chances,
        };
    }

    public void Step(EpidemicState s, int[] moves, int[] beds)
    {
        if (_beta is null) throw new InvalidOperationException("Bind the state first");
        _beta.View.SubView(0, s.Beta.Length).CopyFromCPU(_stream, s.Beta);
        _update(_stream, s.Count, _views, s.Step);
        if (s.Sizes.Length > 0) _apply(_stream, s.Sizes.Length, _views);
        TakeMoves(moves);
        TakeBeds(beds);
        s.Step++;
    }

    public void Vaccinate(EpidemicState s, float[] chanceByBand, int[] moves)
    {
        if (_vaccine is null) throw new InvalidOperationException("Bind the state first");
        _vaccine.View.CopyFromCPU(_stream, chanceByBand);
        _vaccinate(_stream, s.Count, _views, s.Step);
        TakeMoves(moves);
    }

    public void Read(EpidemicState s)
    {
        _state?.View.CopyToCPU(_stream, s.State);
        _infectious?.View.SubView(0, s.Infectious.Length).CopyToCPU(_stream, s.Infectious);
        _stream.Synchronize();
    }

    public void Dispose()
    {
        foreach (var buffer in _buffers) buffer.Dispose();
        _stream.Dispose();
    }

    private void TakeMoves(int[] moves)
    {
        _movesBuffer!.View.CopyToCPU(_stream, _moves);
        _movesBuffer.View.MemSetToZero(_stream);
        _stream.Synchronize();
        for (int k = 0; k < _moves.Length; k++) moves[k] += _moves[k];
    }

    /// <summary>The step's occupancy changes per hospital: two ints each, read back with the moves.</summary>
    private void TakeBeds(int[] beds)
    {
        if (_beds.Length == 0) return;
        _bedsBuffer!.View.SubView(0, _beds.Length).CopyToCPU(_stream, _beds);
        _bedsBuffer.View.MemSetToZero(_stream);
        _stream.Synchronize();
        for (int k = 0; k < _beds.Length; k++) beds[k] += _beds[k];
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] host) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, host.Length));
        if (host.Length > 0) buffer.View.SubView(0, host.Length).CopyFromCPU(_stream, host);
        _buffers.Add(buffer);
        return buffer;
    }
}
