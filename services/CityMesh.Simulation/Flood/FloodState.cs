namespace CityMesh.Simulation.Flood;

/// <summary>
/// The run's arrays, structure-of-arrays over the cells (y · Width + x): the conserved variables h, hu, hv in double
/// (well-balancing and mass conservation are tested at round-off, which float's 7 digits cannot hold over a 10 m
/// lake), bed, Manning, blocked and rain mask; the output rasters in float (they are reported, not integrated); the
/// volume out of each open edge cell's face; the point sources' cells and this step's rates and moved volumes. The
/// kernels own the truth while they run; <see cref="IFloodKernels.Read"/> brings it here.
/// </summary>
internal sealed class FloodState
{
    public FloodState(FloodGrid grid, FloodOptions options, double[]? initialDepth)
    {
        Width = grid.Width;
        Height = grid.Height;
        Count = grid.Count;
        CellSize = grid.CellSize;
        Gravity = options.Gravity;
        Dry = options.DryDepth;
        ArrivalDepth = options.ArrivalDepth;
        Open = options.Edges == FloodEdges.Open;
        H = initialDepth is null ? new double[Count] : (double[])initialDepth.Clone();
        Hu = new double[Count];
        Hv = new double[Count];
        Bed = grid.Bed;
        Manning = grid.Manning;
        Blocked = new byte[Count];
        RainMask = new byte[Count];
        var mask = options.Rain?.Mask ?? [];
        for (int i = 0; i < Count; i++)
        {
            Blocked[i] = grid.IsBlocked(i) ? (byte)1 : (byte)0;
            RainMask[i] = options.Rain is not null && Blocked[i] == 0 && (mask.Length == 0 || mask[i]) ? (byte)1 : (byte)0;
        }
        MaxDepth = new float[Count];
        MaxSpeed = new float[Count];
        Arrival = new float[Count];
        Array.Fill(Arrival, -1f);
        Outflow = new double[EdgeSlots(Width, Height)];
        SourceCell = options.Inflows.Select(s => grid.Index(s.X, s.Y)).Concat(options.Pumps.Select(p => grid.Index(p.X, p.Y))).ToArray();
        SourceRate = new double[SourceCell.Length];
        SourceVolume = new double[SourceCell.Length];
    }

    public int Width { get; }
    public int Height { get; }
    public int Count { get; }
    public double CellSize { get; }
    public double Area => CellSize * CellSize;
    public double Gravity { get; }
    public double Dry { get; }
    public double ArrivalDepth { get; }
    public bool Open { get; }
    public double[] H { get; set; }
    public double[] Hu { get; set; }
    public double[] Hv { get; set; }
    public double[] Bed { get; }
    public double[] Manning { get; }
    public byte[] Blocked { get; }
    public byte[] RainMask { get; }
    public float[] MaxDepth { get; }
    public float[] MaxSpeed { get; }
    /// <summary>Seconds at which the depth first exceeded the arrival depth; −1 while it has not.</summary>
    public float[] Arrival { get; }
    /// <summary>
    /// m³ that left through each open edge face over the run (negative where water came in): west edge [y],
    /// east [Height + y], south [2·Height + x], north [2·Height + Width + x]. One slot per face, written by its one
    /// cell, so the sum is the same on every backend.
    /// </summary>
    public double[] Outflow { get; }
    /// <summary>Point sources, inflows first then pumps: their cells.</summary>
    public int[] SourceCell { get; }
    /// <summary>This step's rate of each source, m³/s: positive in, negative out.</summary>
    public double[] SourceRate { get; }
    /// <summary>The volume each source moved in the last step, m³ (a pump's is at most what its cell held).</summary>
    public double[] SourceVolume { get; }

    public static int EdgeSlots(int width, int height) => 2 * (width + height);
}
