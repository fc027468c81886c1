namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// When a vehicle reaches a link's stop line and when its tail has left the crossing, in seconds from now, as it
/// announces them to its foes; <paramref name="ArrivalBraking"/>: when it would arrive if it began to brake now.
/// </summary>
internal readonly record struct CrossingWindow(float Arrival, float Leave, float ArrivalBraking);

/// <summary>
/// SUMO's test of whether a foe keeps a vehicle on a yielding link from going (MSLink::blockedByFoe), on the windows
/// both would occupy the crossing in, estimated as SUMO's vehicles announce their approach (MSVehicle's drive
/// items). The managed and the device junction approach both call it, so the two backends decide alike.
/// </summary>
internal static class LinkConflict
{
    /// <summary>SUMO's jmTimegapMinor: the gap a yielding vehicle keeps in front of a foe's arrival.</summary>
    public const float MinorTimeGap = 1f;

    /// <summary>SUMO's time-to-impatience: a driver kept standing this long counts foes as braking for it.</summary>
    public const float TimeToImpatience = 180f;

    /// <summary>How much later SUMO counts a foe that could still stop before the line as arriving, once impatient.</summary>
    private const float BrakingDelay = 30f;

    /// <summary>
    /// SUMO's impatience: 0 for a driver that has not waited, growing to 1 after <see cref="TimeToImpatience"/>
    /// standing, and 1 for one that can no longer stop before the line.
    /// </summary>
    public static float Impatience(float standing, bool canStop) => canStop ? MathF.Min(1f, standing / TimeToImpatience) : 1f;

    /// <summary>
    /// The window of a vehicle <paramref name="dist"/> before the line at <paramref name="speed"/>, as SUMO estimates
    /// it: this step it may reach v = speed + a·dt (at most <paramref name="laneSpeed"/>, its limit on the lane it is
    /// on), and it arrives as soon as it can from there, at the speed it can reach over the distance left; on a link
    /// where it yields and is still beyond <see cref="JunctionApproach.FoeVisibility"/>, at most the speed it can
    /// reach over that distance from one it could stop from there (SUMO's vehicles come up to a minor link so that
    /// they could still stop). It leaves at what it can reach across <paramref name="via"/>, up to
    /// <paramref name="passSpeed"/>, and crosses via plus its <paramref name="length"/> at the mean of the two
    /// (MSLink::getLeaveTime).
    /// </summary>
    public static CrossingWindow Window(LinkState state, float dist, float speed, float laneSpeed, float passSpeed, float accel,
        float decel, float tau, float via, float length, float dt)
    {
        float v = MathF.Min(speed + accel * dt, laneSpeed);
        float ahead = MathF.Max(dist, 0f);
        float arrivalSpeed = MathF.Min(MathF.Sqrt(v * v + 2f * accel * ahead), laneSpeed);
        if (state != LinkState.Major && dist > JunctionApproach.FoeVisibility)
        {
            float seeing = Krauss.StopSpeed(JunctionApproach.FoeVisibility, decel, 0f, dt);
            arrivalSpeed = MathF.Min(arrivalSpeed, MathF.Sqrt(seeing * seeing + 2f * accel * JunctionApproach.FoeVisibility));
        }
        float arrival = Krauss.MinimalArrivalTime(dist, v, arrivalSpeed, accel, decel);
        float leaveSpeed = MathF.Min(passSpeed, MathF.Sqrt(arrivalSpeed * arrivalSpeed + 2f * accel * via));
        float leave = arrival + (via + length) / MathF.Max(0.5f * (arrivalSpeed + leaveSpeed), 0.1f);
        // If it began to brake now: one that can still stop before the line (its brake gap, reaction time included)
        // "never" arrives, which SUMO counts as 30 s on; one too close arrives braking at b all the way.
        float arrivalBraking = arrival + BrakingDelay;
        if (ahead < Krauss.EulerBrakeDistance(v, decel, dt) + v * tau)
        {
            float brakingSpeed = MathF.Min(MathF.Sqrt(MathF.Max(0f, v * v - 2f * decel * ahead)), arrivalSpeed);
            arrivalBraking = MathF.Max(arrival, ahead / MathF.Max(0.5f * (v + brakingSpeed), 0.1f));
        }
        return new CrossingWindow(arrival, leave, arrivalBraking);
    }

    /// <summary>
    /// Whether the first foe before its line keeps this vehicle back:
    /// <list type="bullet">
    /// <item>not a foe that does not ask for its link (no room beyond it: SUMO's checkRewindLinkLanes);</item>
    /// <item>not a foe still rolling towards a line where it must halt first;</item>
    /// <item>at an all-way stop, not one that has stood less long (ties to the lower vehicle index,
    /// <paramref name="iAmFirstOnTies"/>); at a right-before-left junction, not one standing at its line less long
    /// than this one has;</item>
    /// <item>not one that will have left before this one arrives, unless both go into the same lane and it would be
    /// less than the gap ahead;</item>
    /// <item>otherwise it does unless it arrives after this one has left plus the gap. An impatient driver counts the
    /// foe's arrival partly as if the foe braked for it (SUMO's impatience), so one kept waiting long enough takes
    /// a gap a patient one would not.</item>
    /// </list>
    /// A halted foe counts (SUMO's vehicles announce their approach while they wait), so links that yield to one
    /// another in a cycle (A to B, B to C, C to A) hold each other until one is teleported, as in SUMO.
    /// </summary>
    public static bool FoeBlocks(LinkState mine, LinkState foeState, CrossingWindow me, CrossingWindow foe, bool sameTarget,
        bool foeWillPass, float impatience, float foeDist, float foeSpeed, float myStanding, float foeStanding, bool iAmFirstOnTies)
    {
        if (!foeWillPass) return false;
        bool foeMustHalt = foeState == LinkState.Stop || foeState == LinkState.AllWayStop;
        if (foeMustHalt && !(foeSpeed < TrafficState.HaltingSpeed && foeDist <= JunctionApproach.StopLineReach)) return false;
        bool iStoodLonger = myStanding > foeStanding || (myStanding == foeStanding && iAmFirstOnTies);
        if (mine == LinkState.AllWayStop && iStoodLonger) return false;
        // Right before left: SUMO finds the cycle a waiting vehicle's foes make and drops its request at random; here
        // the one of two standing at their lines that has stood longer goes, which breaks such a cycle the same way.
        if (mine == LinkState.Equal && myStanding > 0f && foeSpeed < TrafficState.HaltingSpeed && foeDist < 1f && iStoodLonger) return false;
        if (foe.Leave < me.Arrival) return sameTarget && me.Arrival - foe.Leave < MinorTimeGap;
        float foeArrival = (1f - impatience) * foe.Arrival + impatience * foe.ArrivalBraking;
        return foeArrival <= me.Leave + MinorTimeGap;
    }
}
