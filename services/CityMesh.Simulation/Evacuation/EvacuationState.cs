namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// The run's arrays, allocated once. People in structure-of-arrays (status, link, the node they head for, metres
/// left to it, departure, shelter, group, when they reached their link's end, arrival); links with their walkers,
/// their two end queues (FIFO rings in one slot array, each as long as the link holds people), budgets and crowding
/// tallies; groups' departure orders and door budgets; shelters' occupancy and entrance budgets.
/// </summary>
internal sealed class EvacuationState
{
    public EvacuationState(WalkwayGraph graph, IReadOnlyList<Shelter> shelters, IReadOnlyList<EvacueeGroup> groups, int people, EvacuationOptions options)
    {
        Graph = graph;
        Dt = options.StepSeconds;
        People = people;
        Status = new PersonStatus[people];
        Link = new int[people];
        Toward = new int[people];
        Remaining = new double[people];
        Depart = new double[people];
        ShelterOf = new int[people];
        GroupOf = new int[people];
        Reached = new double[people];
        JoinedStep = new long[people];
        Arrival = new double[people];
        Array.Fill(Link, -1);
        Array.Fill(Arrival, double.NaN);

        int links = graph.LinkCount;
        Walkers = new int[links];
        Storage = new int[links];
        Speed = new double[links];
        EntryBudget = new double[links];
        PerQueueMetre = new double[links];
        Closed = new bool[links];
        PeakDensity = new double[links];
        CrowdedSeconds = new double[links];
        Passed = new long[links];
        QueueStart = new long[2 * links];
        QueueHead = new int[2 * links];
        QueueCount = new int[2 * links];
        ExitBudget = new double[2 * links];
        long slots = 0;
        for (int l = 0; l < links; l++)
        {
            Storage[l] = EvacuationOptions.Storage(graph, l, options.Walking.MaxDensity);
            // People in line stand packed at the maximum density: a line of n is n / (ρmax · width) metres long.
            PerQueueMetre[l] = 1 / (options.Walking.MaxDensity * graph.Width[l]);
            QueueStart[2 * l] = slots;
            QueueStart[2 * l + 1] = slots + Storage[l];
            slots += 2L * Storage[l];
        }
        if (slots > Array.MaxLength) throw new ArgumentException($"the walkways hold {slots:N0} places in line, more than one array holds; use fewer or shorter links", "graph");
        Slots = new int[slots];

        GroupNode = groups.Select(g => g.Node).ToArray();
        GroupFirst = new int[groups.Count + 1];
        GroupNext = new int[groups.Count];
        DoorBudget = new double[groups.Count];
        DoorRate = groups.Select(g => options.MaxSpecificFlow * g.DoorWidth * Dt).ToArray();
        Order = new int[people];

        ShelterNode = shelters.Select(s => s.Node).ToArray();
        Capacity = shelters.Select(s => s.Capacity).ToArray();
        Occupancy = new int[shelters.Count];
        TurnedAway = new int[shelters.Count];
        OthersIn = new int[shelters.Count];
        OthersTurnedAway = new int[shelters.Count];
        EntranceBudget = new double[shelters.Count];
        EntranceRate = shelters.Select(s => options.MaxSpecificFlow * s.DoorWidth * Dt).ToArray();
        ByStatus = new int[6];
        // A door or a walkway's end at rest lets its first person through at once; after that, its rate.
        Array.Fill(ExitBudget, 1.0);
        Array.Fill(EntryBudget, 1.0);
        Array.Fill(DoorBudget, 1.0);
        Array.Fill(EntranceBudget, 1.0);
    }

    public WalkwayGraph Graph { get; }
    public double Dt { get; }
    public int People { get; }
    public long Step { get; set; }
    public double Time { get; set; }

    // People.
    public PersonStatus[] Status { get; }
    /// <summary>The link a person is on; −1 off the walkways.</summary>
    public int[] Link { get; }
    /// <summary>The node at the end of the link they walk to.</summary>
    public int[] Toward { get; }
    /// <summary>Metres to that node; negative, on the step a person reaches it, by what they overshot.</summary>
    public double[] Remaining { get; }
    public double[] Depart { get; }
    public int[] ShelterOf { get; }
    /// <summary>The group they left from; −1 for people on the walkways at the start.</summary>
    public int[] GroupOf { get; }
    /// <summary>When they reached their link's end (interpolated within the step) or the tail of its line.</summary>
    public double[] Reached { get; }
    public long[] JoinedStep { get; }
    /// <summary>When they entered a shelter; NaN until then.</summary>
    public double[] Arrival { get; }

    // Links; a link's end queues are 2l (towards From) and 2l + 1 (towards To).
    public int[] Walkers { get; }
    public int[] Storage { get; }
    public double[] Speed { get; }
    public double[] EntryBudget { get; }
    public double[] PerQueueMetre { get; }
    public bool[] Closed { get; }
    public double[] PeakDensity { get; }
    public double[] CrowdedSeconds { get; }
    public long[] Passed { get; }
    public long[] QueueStart { get; }
    public int[] QueueHead { get; }
    public int[] QueueCount { get; }
    public double[] ExitBudget { get; }
    public int[] Slots { get; }

    // Groups: their people in order of departure, Order[GroupFirst[g] .. GroupFirst[g + 1]), the next to leave at GroupNext[g].
    public int[] GroupNode { get; }
    public int[] GroupFirst { get; }
    public int[] GroupNext { get; }
    public double[] DoorBudget { get; }
    public double[] DoorRate { get; }
    public int[] Order { get; }

    // Shelters.
    public int[] ShelterNode { get; }
    public int[] Capacity { get; }
    public int[] Occupancy { get; }
    public int[] TurnedAway { get; }
    /// <summary>People who came by other means and got in / were turned away.</summary>
    public int[] OthersIn { get; }
    public int[] OthersTurnedAway { get; }
    public double[] EntranceBudget { get; }
    public double[] EntranceRate { get; }

    /// <summary>People per <see cref="PersonStatus"/>, kept as they move.</summary>
    public int[] ByStatus { get; }

    public int OnLink(int link) => Walkers[link] + QueueCount[2 * link] + QueueCount[2 * link + 1];

    /// <summary>The queue at the end of <paramref name="link"/> where <paramref name="node"/> is.</summary>
    public int End(int link, int node) => Graph.To[link] == node ? 2 * link + 1 : 2 * link;

    public void SetStatus(int person, PersonStatus status)
    {
        ByStatus[(int)Status[person]]--;
        ByStatus[(int)status]++;
        Status[person] = status;
    }

    public void Enqueue(int queue, int person)
    {
        int capacity = Storage[queue >> 1];
        int tail = QueueHead[queue] + QueueCount[queue];
        if (tail >= capacity) tail -= capacity;
        Slots[QueueStart[queue] + tail] = person;
        QueueCount[queue]++;
    }

    public int Head(int queue) => Slots[QueueStart[queue] + QueueHead[queue]];

    public void Dequeue(int queue)
    {
        int head = QueueHead[queue] + 1;
        QueueHead[queue] = head == Storage[queue >> 1] ? 0 : head;
        QueueCount[queue]--;
    }

    /// <summary>
    /// Adds a step's worth to a budget, holding at most one person more than a step's worth: a saturated door keeps
    /// the fraction it did not use (so it passes its rate exactly, not a whole number a step), an idle one saves at
    /// most a step and a person. A budget starts at one person and each pass costs one, so by time t at most
    /// 1 + rate · t have passed, and over any window Δt at most rate · Δt + rate · dt + 1.
    /// </summary>
    public static double Refill(double budget, double perStep) => Math.Min(budget + perStep, 1.0 + perStep);
}
