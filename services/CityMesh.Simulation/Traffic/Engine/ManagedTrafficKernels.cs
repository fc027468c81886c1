namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The kernels on the CPU: lanes in fixed chunks under Parallel.For. Every lane's work is independent, so the
/// chunking and the thread count change only the speed. With one thread, or few vehicles, the loop runs inline.
/// </summary>
internal sealed class ManagedTrafficKernels : ITrafficKernels
{
    private const int LanesPerChunk = 64;
    /// <summary>Below this many vehicles on the road a step is shorter than waking the pool's workers costs.</summary>
    public const int DefaultParallelMinVehicles = 512;
    private readonly int _parallelMinVehicles;
    private readonly ParallelOptions _parallel;
    private readonly bool _inline;
    private readonly Action<int> _planChunk, _moveChunk, _changeChunk;
    private TrafficState? _state;

    public ManagedTrafficKernels(int? maxDegreeOfParallelism, int parallelMinVehicles = DefaultParallelMinVehicles)
    {
        _parallelMinVehicles = parallelMinVehicles;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        _inline = maxDegreeOfParallelism == 1;
        // Delegates made once so a step allocates no closures.
        _planChunk = chunk => ForChunk(chunk, SpeedPlanner.PlanLane);
        _moveChunk = chunk => ForChunk(chunk, LaneMover.MoveLane);
        _changeChunk = chunk => ForEdgeChunk(chunk);
    }

    public void PlanSpeeds(TrafficState state) => Run(state, _planChunk, state.Roads.LaneCount);

    public void Move(TrafficState state) => Run(state, _moveChunk, state.Roads.LaneCount);

    public void ChangeLanes(TrafficState state)
    {
        Array.Fill(state.Fleet.LetIn, -1); // requests hold for the next step's speeds only
        Run(state, _changeChunk, state.Roads.EdgeCount);
    }

    private void Run(TrafficState state, Action<int> chunkBody, int items)
    {
        _state = state;
        int chunks = (items + LanesPerChunk - 1) / LanesPerChunk;
        if (_inline || chunks == 1 || state.Inserted - state.Arrived < _parallelMinVehicles)
            for (int c = 0; c < chunks; c++) chunkBody(c);
        else
            Parallel.For(0, chunks, _parallel, chunkBody);
    }

    private void ForChunk(int chunk, Action<TrafficState, int> laneBody)
    {
        var state = _state!;
        int end = Math.Min(state.Roads.LaneCount, (chunk + 1) * LanesPerChunk);
        for (int lane = chunk * LanesPerChunk; lane < end; lane++) laneBody(state, lane);
    }

    private void ForEdgeChunk(int chunk)
    {
        var state = _state!;
        int end = Math.Min(state.Roads.EdgeCount, (chunk + 1) * LanesPerChunk);
        for (int edge = chunk * LanesPerChunk; edge < end; edge++) LaneChanger.ChangeOnEdge(state, edge);
    }
}
