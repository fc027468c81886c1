using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Simulation.Flood.Gpu;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// A flood over a raster: the 2D shallow-water equations by first-order finite volumes (HLL with hydrostatic
/// reconstruction, semi-implicit Manning friction, an adaptive Courant step), with inflow hydrographs, rain and pumps,
/// on the managed path or an ILGPU accelerator (README.md). Deterministic, and the same bits on every backend.
/// </summary>
public sealed class FloodSimulation : IDisposable
{
    private readonly FloodGrid _grid;
    private readonly FloodOptions _options;
    private readonly FloodState _state;
    private readonly IFloodKernels _kernels;
    private readonly int[] _gaugeCells;
    private readonly double[] _gaugeDepths;
    private readonly List<double> _gaugeSeconds = [];
    private readonly List<double>[] _gaugeSeries;
    private readonly int _rainCells;
    private readonly double _initialVolume;
    private double _waveSpeed, _inflow, _rain, _pumped, _nextGauge;
    private long _wallTicks;

    /// <param name="initialDepth">Water depth (m) per cell at the start, at rest; none: dry.</param>
    /// <param name="device">An ILGPU device to run the cells on (a <see cref="ComputeSelection"/>'s); none: managed.</param>
    public FloodSimulation(FloodGrid grid, FloodOptions options, double[]? initialDepth = null, ComputeDevice? device = null)
        : this(grid, options, initialDepth, device is null ? new ManagedFloodKernels() : new IlgpuFloodKernels(device))
    {
    }

    internal FloodSimulation(FloodGrid grid, FloodOptions options, double[]? initialDepth, IFloodKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(grid, initialDepth);
        if (problems.Count > 0)
        {
            kernels.Dispose();
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _grid = grid;
        _options = options;
        _state = new FloodState(grid, options, initialDepth);
        _kernels = kernels;
        _kernels.Bind(_state);
        _gaugeCells = options.Gauges.Select(g => grid.Index(g.X, g.Y)).ToArray();
        _gaugeDepths = new double[_gaugeCells.Length];
        _gaugeSeries = _gaugeCells.Select(_ => new List<double>()).ToArray();
        _rainCells = _state.RainMask.Count(m => m != 0);
        _initialVolume = Volume(_state.H, _state.Area);
        _waveSpeed = _kernels.MaxWaveSpeed();
        ReadGauges();
    }

    public string Backend => _kernels.Description;

    public double Seconds { get; private set; }

    public long Steps { get; private set; }

    public bool IsFinished => Seconds >= _options.Seconds;

    /// <summary>One step: its length by the Courant condition, its sources' rates at its middle, the cells, the books.</summary>
    public void Step()
    {
        long started = Stopwatch.GetTimestamp();
        double dt = TimeStep();
        double middle = Seconds + 0.5 * dt;
        double rainDepth = _options.Rain is { } rain ? rain.MillimetresPerHour.At(middle) * rain.Scale / 3.6e6 * dt : 0.0;
        SetSourceRates(middle);
        _waveSpeed = _kernels.Step(_state, dt, Seconds, rainDepth);
        _wallTicks += Stopwatch.GetTimestamp() - started;
        Account(rainDepth);
        // The last step is cut to end on the horizon; rounding must not leave a sliver of a step after it.
        Seconds = Seconds + dt >= _options.Seconds ? _options.Seconds : Seconds + dt;
        Steps++;
        if (Seconds >= _nextGauge || IsFinished) ReadGauges();
    }

    public FloodResult Run(CancellationToken cancellationToken = default)
    {
        while (!IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step();
        }
        return Result;
    }

    public FloodResult Result
    {
        get
        {
            _kernels.Read(_state);
            double outflow = 0.0;
            foreach (double face in _state.Outflow) outflow += face;
            var balance = new MassBalance(_initialVolume, Volume(_state.H, _state.Area), _inflow, _rain, _pumped, outflow);
            var gauges = _options.Gauges.Select((g, k) => new GaugeSeries(g.Name, g.X, g.Y, _gaugeSeconds.ToList(), _gaugeSeries[k].ToList())).ToList();
            double wall = Stopwatch.GetElapsedTime(0, _wallTicks).TotalSeconds;
            long updates = Steps * _state.Count;
            return new FloodResult((float[])_state.MaxDepth.Clone(), (float[])_state.MaxSpeed.Clone(),
                _state.Arrival.Select(a => a < 0f ? float.NaN : a).ToArray(), gauges, balance, Steps, Seconds, updates, wall,
                wall > 0 ? updates / wall : 0, Backend);
        }
    }

    /// <summary>Depth, hu and hv of every cell now (read back from the device when the run is on one).</summary>
    public (double[] H, double[] Hu, double[] Hv) Cells()
    {
        _kernels.Read(_state);
        return ((double[])_state.H.Clone(), (double[])_state.Hu.Clone(), (double[])_state.Hv.Clone());
    }

    public void Dispose() => _kernels.Dispose();

    /// <summary>Cfl · cell over the fastest wave, no longer than the longest step nor past the end.</summary>
    private double TimeStep()
    {
        double dt = _waveSpeed > 0.0 ? _options.Cfl * _grid.CellSize / _waveSpeed : _options.MaxStepSeconds;
        return Math.Min(Math.Min(dt, _options.MaxStepSeconds), _options.Seconds - Seconds);
    }

    private void SetSourceRates(double seconds)
    {
        int k = 0;
        foreach (var inflow in _options.Inflows) _state.SourceRate[k++] = inflow.CubicMetresPerSecond.At(seconds);
        foreach (var pump in _options.Pumps) _state.SourceRate[k++] = -pump.CubicMetresPerSecond.At(seconds);
    }

    private void Account(double rainDepth)
    {
        _rain += rainDepth * _state.Area * _rainCells;
        foreach (double moved in _state.SourceVolume)
            if (moved >= 0) _inflow += moved;
            else _pumped -= moved;
    }

    private void ReadGauges()
    {
        _kernels.ReadDepths(_gaugeCells, _gaugeDepths);
        _gaugeSeconds.Add(Seconds);
        for (int k = 0; k < _gaugeCells.Length; k++) _gaugeSeries[k].Add(_gaugeDepths[k]);
        while (_nextGauge <= Seconds) _nextGauge += _options.GaugeSeconds;
    }

    /// <summary>Σ h · area with Neumaier's compensation: the balance is checked to 1e-12, past a plain sum's error.</summary>
    internal static double Volume(double[] depth, double area)
    {
        double sum = 0.0, carry = 0.0;
        foreach (double h in depth)
        {
            double t = sum + h;
            carry += Math.Abs(sum) >= Math.Abs(h) ? (sum - t) + h : (h - t) + sum;
            sum = t;
        }
        return (sum + carry) * area;
    }
}
