namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// A <see cref="WaterNetwork"/> compiled for solving: nodes and links by index in structure-of-arrays, ids resolved,
/// patterns as arrays, each pipe's resistance worked out once. Nodes are the junctions (0 … J−1, whose heads are
/// unknown), then the reservoirs, then the tanks (fixed heads within a solve).
/// </summary>
internal sealed class HydraulicNetwork
{
    public HydraulicNetwork(WaterNetwork net)
    {
        Source = net;
        Options = net.Options;
        Times = net.Times;
        Junctions = net.Junctions.Count;
        Reservoirs = net.Reservoirs.Count;
        Tanks = net.Tanks.Count;
        Nodes = Junctions + Reservoirs + Tanks;
        NodeIds = [.. net.Junctions.Select(j => j.Id), .. net.Reservoirs.Select(r => r.Id), .. net.Tanks.Select(t => t.Id)];
        Elevation = [.. net.Junctions.Select(j => j.Elevation), .. net.Reservoirs.Select(r => r.Head), .. net.Tanks.Select(t => t.Elevation)];
        NodeIndex = new Dictionary<string, int>(Nodes, StringComparer.Ordinal);
        for (int i = 0; i < Nodes; i++) NodeIndex.Add(NodeIds[i], i);

        PatternIds = [.. net.Patterns.Keys];
        Patterns = [.. PatternIds.Select(id => net.Patterns[id].Multipliers.ToArray())];
        int defaultPattern = net.Options.DefaultPattern is { } dp && net.Patterns.ContainsKey(dp) ? Array.IndexOf(PatternIds, dp) : -1;

        DemandStart = new int[Junctions + 1];
        var bases = new List<double>();
        var patterns = new List<int>();
        Emitter = new double[Junctions];
        for (int j = 0; j < Junctions; j++)
        {
            DemandStart[j] = bases.Count;
            foreach (var d in net.Junctions[j].Demands)
            {
                bases.Add(d.Base);
                patterns.Add(d.Pattern is null ? defaultPattern : Pattern(d.Pattern, $"junction '{NodeIds[j]}'"));
            }
            Emitter[j] = net.Junctions[j].EmitterCoefficient;
        }
        DemandStart[Junctions] = bases.Count;
        FileEmitter = [.. Emitter];
        DemandBase = [.. bases];
        DemandPattern = [.. patterns];
        ReservoirPattern = [.. net.Reservoirs.Select(r => r.Pattern is null ? -1 : Pattern(r.Pattern, $"reservoir '{r.Id}'"))];

        TankArea = new double[Tanks];
        TankMinHead = new double[Tanks];
        TankMaxHead = new double[Tanks];
        TankInitialHead = new double[Tanks];
        TankMinVolume = new double[Tanks];
        TankMaxVolume = new double[Tanks];
        TankCurve = new WaterCurve?[Tanks];
        for (int t = 0; t < Tanks; t++)
        {
            var tank = net.Tanks[t];
            TankCurve[t] = tank.VolumeCurve;
            TankArea[t] = Math.PI * tank.Diameter * tank.Diameter / 4;
            TankMinHead[t] = tank.Elevation + tank.MinLevel;
            TankMaxHead[t] = tank.Elevation + tank.MaxLevel;
            TankInitialHead[t] = tank.Elevation + tank.InitialLevel;
            TankMinVolume[t] = tank.VolumeCurve is { } c ? c.At(tank.MinLevel) : tank.MinVolume > 0 ? tank.MinVolume : TankArea[t] * tank.MinLevel;
            TankMaxVolume[t] = Volume(t, TankMaxHead[t]);
        }

        Links = net.LinkCount;
        LinkIds = new string[Links];
        From = new int[Links];
        To = new int[Links];
        Kind = new LinkKind[Links];
        Diameter = new double[Links];
        Resistance = new double[Links];
        Roughness = new double[Links];
        MinorLoss = new double[Links];
        InitialState = new LinkState[Links];
        InitialSetting = new double[Links];
        PumpFit = new PumpCurveFit?[Links];
        PumpPower = new double[Links];
        SpeedPattern = new int[Links];
        ValveCurve = new WaterCurve?[Links];
        Array.Fill(SpeedPattern, -1);
        int k = 0;
        foreach (var p in net.Pipes)
        {
            Place(k, p.Id, p.From, p.To, p.CheckValve ? LinkKind.CheckValvePipe : LinkKind.Pipe, p.Diameter, p.MinorLoss);
            Roughness[k] = p.Roughness;
            Resistance[k] = PipeResistance(net.Options.HeadLoss, p);
            InitialState[k] = p.Status == LinkStatus.Closed ? LinkState.Closed : LinkState.Open;
            k++;
        }
        foreach (var p in net.Pumps)
        {
            Place(k, p.Id, p.From, p.To, LinkKind.Pump, 0, 0);
            if (p.HeadCurve is { } curve) PumpFit[k] = PumpCurveFit.From(curve, p.Id);
            else if (p.Power > 0) PumpPower[k] = p.Power;
            else throw new ArgumentException($"pump '{p.Id}' has neither a head curve nor a power");
            InitialSetting[k] = p.Speed;
            SpeedPattern[k] = p.SpeedPattern is null ? -1 : Pattern(p.SpeedPattern, $"pump '{p.Id}'");
            InitialState[k] = p.Status == LinkStatus.Closed || p.Speed == 0 ? LinkState.Closed : LinkState.Open;
            k++;
        }
        foreach (var v in net.Valves)
        {
            var kind = v.Type switch
            {
                ValveType.Prv => LinkKind.Prv, ValveType.Psv => LinkKind.Psv, ValveType.Pbv => LinkKind.Pbv,
                ValveType.Fcv => LinkKind.Fcv, ValveType.Tcv => LinkKind.Tcv, _ => LinkKind.Gpv,
            };
            Place(k, v.Id, v.From, v.To, kind, v.Diameter, v.MinorLoss);
            InitialSetting[k] = v.Setting;
            ValveCurve[k] = v.HeadLossCurve;
            if (kind == LinkKind.Gpv && v.HeadLossCurve is null) throw new ArgumentException($"valve '{v.Id}': a GPV needs a head-loss curve");
            // A valve fixed open or closed by the file holds that; otherwise it acts on its setting (EPANET: ACTIVE).
            InitialState[k] = v.Status switch
            {
                LinkStatus.Closed => LinkState.Closed,
                LinkStatus.Open => LinkState.Open,
                _ => kind is LinkKind.Prv or LinkKind.Psv or LinkKind.Fcv ? LinkState.Active : LinkState.Open,
            };
            FixedValve ??= new bool[Links];
            FixedValve[k] = v.Status is not null;
            k++;
        }
        FixedValve ??= new bool[Links];

        Controls = [.. net.Controls.Select(c => new CompiledControl(
            Link(c.Link, "a control"), c.Status, c.Setting, c.Trigger, c.Node is null ? -1 : Node(c.Node, $"a control on link '{c.Link}'"), c.Head, c.Time))];
    }

    public WaterNetwork Source { get; }
    public WaterOptions Options { get; }
    public WaterTimes Times { get; }
    public int Junctions { get; }
    public int Reservoirs { get; }
    public int Tanks { get; }
    public int Nodes { get; }
    public int Links { get; }
    public string[] NodeIds { get; }
    public Dictionary<string, int> NodeIndex { get; }
    /// <summary>Elevation of junctions and tanks' bottoms; a reservoir's head (before its pattern).</summary>
    public double[] Elevation { get; }

    public string[] PatternIds { get; }
    public double[][] Patterns { get; }
    public int[] DemandStart { get; }
    public double[] DemandBase { get; }
    /// <summary>The demand's pattern index, −1 for a constant demand.</summary>
    public int[] DemandPattern { get; }
    /// <summary>Each junction's emitter now: the file's, or a leak a live or synthetic run opened (<see cref="HydraulicSimulation.SetEmitter"/>).</summary>
    public double[] Emitter { get; }

    /// <summary>The file's emitters, which every new run starts from.</summary>
    public double[] FileEmitter { get; private set; } = [];
    public int[] ReservoirPattern { get; }

    public double[] TankArea { get; }
    public double[] TankMinHead { get; }
    public double[] TankMaxHead { get; }
    public double[] TankInitialHead { get; }
    public double[] TankMinVolume { get; }
    public double[] TankMaxVolume { get; }
    public WaterCurve?[] TankCurve { get; }

    public string[] LinkIds { get; }
    public int[] From { get; }
    public int[] To { get; }
    public LinkKind[] Kind { get; }
    public double[] Diameter { get; }
    /// <summary>Pipes: r of h = r·q^n (Hazen–Williams, Manning) or L/(2g·d·A²) to be multiplied by the friction factor (Darcy–Weisbach).</summary>
    public double[] Resistance { get; }
    public double[] Roughness { get; }
    /// <summary>m of h = m·q², from the minor loss coefficient K: 8K/(π²·g·d⁴).</summary>
    public double[] MinorLoss { get; }
    public LinkState[] InitialState { get; }
    /// <summary>A pump's relative speed; a valve's setting (SI).</summary>
    public double[] InitialSetting { get; }
    public PumpCurveFit?[] PumpFit { get; }
    public double[] PumpPower { get; }
    public int[] SpeedPattern { get; }
    public WaterCurve?[] ValveCurve { get; }
    /// <summary>A valve the file fixed open or closed: it does not act on its setting until a control sets one.</summary>
    public bool[] FixedValve { get; }

    public CompiledControl[] Controls { get; }

    public bool IsTank(int node) => node >= Junctions + Reservoirs;
    public int TankOf(int node) => node - Junctions - Reservoirs;

    /// <summary>Tank <paramref name="t"/>'s volume (m³) at head <paramref name="head"/>.</summary>
    public double Volume(int t, double head)
    {
        int node = Junctions + Reservoirs + t;
        if (TankCurve[t] is { } c) return c.At(head - Elevation[node]);
        return TankMinVolume[t] + (head - TankMinHead[t]) * TankArea[t];
    }

    /// <summary>Tank <paramref name="t"/>'s head (m) holding volume <paramref name="volume"/>.</summary>
    public double Head(int t, double volume)
    {
        int node = Junctions + Reservoirs + t;
        if (TankCurve[t] is { } c)
        {
            // The curve is level → volume, rising: invert it piecewise linearly.
            var x = c.X;
            var y = c.Y;
            if (volume <= y[0]) return Elevation[node] + x[0];
            for (int i = 1; i < x.Count; i++)
                if (volume <= y[i]) return Elevation[node] + x[i - 1] + (x[i] - x[i - 1]) * (volume - y[i - 1]) / (y[i] - y[i - 1]);
            return Elevation[node] + x[^1];
        }
        return TankMinHead[t] + (volume - TankMinVolume[t]) / TankArea[t];
    }

    private void Place(int k, string id, string from, string to, LinkKind kind, double diameter, double minorLoss)
    {
        LinkIds[k] = id;
        From[k] = Node(from, $"link '{id}'");
        To[k] = Node(to, $"link '{id}'");
        Kind[k] = kind;
        Diameter[k] = diameter;
        MinorLoss[k] = diameter > 0 ? 8 * minorLoss / (Math.PI * Math.PI * WaterUnits.EpanetGravity * Math.Pow(diameter, 4)) : 0;
    }

    private static double PipeResistance(HeadLossFormula formula, WaterPipe p) => formula switch
    {
        // Hazen–Williams, SI: h = 10.67·L·q^1.852 / (C^1.852·d^4.871); the constant is EPANET's 4.727 (ft, cfs) converted
        // exactly, so both give the same head loss.
        HeadLossFormula.HazenWilliams => HazenWilliamsConstant * p.Length / Math.Pow(p.Roughness, 1.852) / Math.Pow(p.Diameter, 4.871),
        // Darcy–Weisbach: h = f·L/d·v²/(2g) = f·L/(2g·d·A²)·q²; f depends on the flow and is applied per solve.
        HeadLossFormula.DarcyWeisbach => p.Length / (2 * WaterUnits.EpanetGravity * p.Diameter * Math.Pow(Math.PI * p.Diameter * p.Diameter / 4, 2)),
        _ => ManningResistance(p),
    };

    /// <summary>
    /// Chezy–Manning as EPANET computes it, in ft and cfs whatever the file's units, then converted: v = (1.49/n)·R^(2/3)·S^(1/2)
    /// with R = d/4, so r = (4n/(1.49·π·d²))²·(d/4)^−1.333·L (EPANET's 1.333 for 4/3 and 1.49 for 1.486 kept, so both agree).
    /// </summary>
    private static double ManningResistance(WaterPipe p)
    {
        double d = p.Diameter / WaterUnits.Foot, length = p.Length / WaterUnits.Foot;
        double rFeet = Math.Pow(4 * p.Roughness / (1.49 * Math.PI * d * d), 2) * Math.Pow(d / 4, -1.333) * length;
        return rFeet * WaterUnits.Foot / (WaterUnits.CubicFoot * WaterUnits.CubicFoot);
    }

    /// <summary>EPANET's 4.727 in ft and cfs as SI: 4.727 · 0.3048^(4.871 + 1 − 1 − 3·1.852).</summary>
    public static readonly double HazenWilliamsConstant = 4.727 * Math.Pow(WaterUnits.Foot, 4.871 - 3 * 1.852);

    private int Pattern(string id, string who)
    {
        int i = Array.IndexOf(PatternIds, id);
        return i >= 0 ? i : throw new ArgumentException($"{who} names pattern '{id}', which the network does not have");
    }

    private int Node(string id, string who) =>
        NodeIndex.TryGetValue(id, out int i) ? i : throw new ArgumentException($"{who} names node '{id}', which the network does not have");

    private int Link(string id, string who)
    {
        int i = Array.IndexOf(LinkIds, id);
        return i >= 0 ? i : throw new ArgumentException($"{who} names link '{id}', which the network does not have");
    }
}

/// <summary>A control with its link and node as indices.</summary>
internal sealed record CompiledControl(int Link, LinkStatus? Status, double? Setting, ControlTrigger Trigger, int Node, double Head, long Time);
