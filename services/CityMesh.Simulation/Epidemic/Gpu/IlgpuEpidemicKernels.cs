using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>
/// The epidemic on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests). The agents stay
/// on the device for the whole run; a step sends nothing and reads back three integers (its transitions).
/// </summary>
internal sealed class IlgpuEpidemicKernels : IEpidemicKernels
{
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Action<AcceleratorStream, Index1D, EpidemicViews, long> _update;
    private readonly Action<AcceleratorStream, Index1D, EpidemicViews> _apply;
    private readonly int[] _transitions = new int[3];
    private MemoryBuffer1D<byte, Stride1D.Dense>? _state;
    private MemoryBuffer1D<int, Stride1D.Dense>? _groups, _sizes, _infectious, _delta, _steps;
    private MemoryBuffer1D<float, Stride1D.Dense>? _beta;
    private EpidemicViews _views;

    public IlgpuEpidemicKernels(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _update = _accelerator.LoadAutoGroupedKernel<Index1D, EpidemicViews, long>(EpidemicKernels.Update);
        _apply = _accelerator.LoadAutoGroupedKernel<Index1D, EpidemicViews>(EpidemicKernels.Apply);
        Description = device.Description;
    }

    public string Description { get; }

    public void Bind(EpidemicState s)
    {
        _state = Upload(s.State);
        _groups = Upload(s.Groups);
        _sizes = Upload(s.Sizes);
        _infectious = Upload(s.Infectious);
        _delta = Upload(new int[Math.Max(1, s.Sizes.Length)]);
        _steps = Upload(new int[3]);
        _beta = Upload(s.Beta);
        _views = new EpidemicViews
        {
            State = _state.View, Groups = _groups.View, Sizes = _sizes.View, Infectious = _infectious.View, Delta = _delta.View,
            Transitions = _steps.View, Beta = _beta.View, Count = s.Count, Layers = s.Layers, HasLatent = s.HasLatent ? 1 : 0,
            Seed = s.Seed, StepDays = s.StepDays, LatentEnd = s.LatentEnd, Recovery = s.Recovery,
        };
    }

    public EpidemicTransitions Step(EpidemicState s)
    {
        if (_steps is null) throw new InvalidOperationException("Bind the state first");
        _update(_stream, s.Count, _views, s.Step);
        if (s.Sizes.Length > 0) _apply(_stream, s.Sizes.Length, _views);
        _steps.View.CopyToCPU(_stream, _transitions);
        _steps.View.MemSetToZero(_stream);
        _stream.Synchronize();
        s.Step++;
        return new EpidemicTransitions(_transitions[0], _transitions[1], _transitions[2]);
    }

    public void Read(EpidemicState s)
    {
        _state?.View.CopyToCPU(_stream, s.State);
        _infectious?.View.SubView(0, s.Infectious.Length).CopyToCPU(_stream, s.Infectious);
        _stream.Synchronize();
    }

    public void Dispose()
    {
        _state?.Dispose(); _groups?.Dispose(); _sizes?.Dispose(); _infectious?.Dispose(); _delta?.Dispose(); _steps?.Dispose(); _beta?.Dispose();
        _stream.Dispose();
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] host) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, host.Length));
        if (host.Length > 0) buffer.View.SubView(0, host.Length).CopyFromCPU(_stream, host);
        return buffer;
    }
}
