using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Messaging.Telemetry;
using CityMesh.Simulation;
using Google.Protobuf.WellKnownTypes;

namespace CityMesh.Sensors;

/// <summary>Where a crew is in its call cycle, as its terminal knows it.</summary>
public enum CrewPhase : byte
{
    /// <summary>Free: at its station, or driving back to it.</summary>
    Available,
    /// <summary>Sent by dispatch (governance wrote <c>dispatched</c>): driving to the scene.</summary>
    ToScene,
    AtScene,
    /// <summary>Carrying the patient to the hospital dispatch chose.</summary>
    ToHospital,
    /// <summary>Handing the patient over.</summary>
    AtHospital,
}

/// <summary>
/// The city's ambulance crews as their vehicle terminals play them: each drives to the call dispatch sent it to, works
/// the scene, carries the patient to the hospital dispatch chose, hands over, and drives back to its station, free
/// again. Times are city seconds, so crews keep pace with the accelerated city clock; a crew's state is a function of
/// the seed, the orders it was given and when, whatever the step sizes (arrivals fall at the instant distance and
/// speed give, and a long step runs through several phases). Vehicles follow the city's roads (<see cref="RoadGraph"/>):
/// each leg is planned once, as it starts, as the shortest way by road, and driven at an average speed that stands for
/// city traffic (emergency driving faster, the way home slower). Where the roads give no way (no roads in the twin,
/// or a place on roads not joined to the crew's) the leg is the straight line, counted in <see cref="StraightLegs"/>:
/// a round never fails for want of a road.
/// <para>
/// State is kept as arrays, one slot per crew. The terminal reports its position every round; its status when the
/// crew changes it, and every round while on a call (atScene, transporting, atHospital). <c>available</c> is said
/// once: repeated, it could overwrite a dispatch the terminal has not heard of yet, and <c>dispatched</c> is never
/// said by the crew at all; governance writes it (the twin refuses it from telemetry).
/// </para>
/// </summary>
public sealed class AmbulanceCrews
{
    /// <summary>Average speeds along the way driven, km/h: with blue lights to the scene and the hospital, normally back.</summary>
    public const double EmergencyKmh = 45, TransportKmh = 40, ReturnKmh = 30;

    /// <summary>Typical minutes on scene and for a handover at the emergency department; each call varies by ±30 %.</summary>
    public const double SceneMinutes = 12, HandoverMinutes = 15;

    /// <summary>Within this many metres a crew has arrived.</summary>
    private const double ArrivedMetres = 1;

    private readonly ulong _seed;
    private readonly string[] _ids;
    private readonly double[] _lat, _lon, _homeLat, _homeLon, _hospitalLat, _hospitalLon, _until;
    // The leg a moving crew drives and the metres of it driven: its position is the leg's point that far along.
    private readonly Leg?[] _leg;
    private readonly double[] _driven;
    private readonly CrewPhase[] _phase;
    private readonly bool[] _moving, _parked;
    /// <summary>Each crew's status changes since its terminal last reported, with their city times (Unix seconds).</summary>
    private readonly List<(CrewPhase Phase, double At)>[] _changes;
    private readonly string?[] _call, _served;
    private readonly Dictionary<string, int> _index;
    private double _clock = double.NaN;
    private int _straightLegs;

    /// <param name="units">The ambulances, each with where it is now and its station (its home when the station is unknown).</param>
    /// <param name="roads">The roads crews follow; none: straight lines.</param>
    public AmbulanceCrews(int seed, IReadOnlyList<AmbulanceUnit> units, RoadGraph? roads = null)
    {
        Roads = roads ?? RoadGraph.Empty;
        _seed = SeededRandom.Mix((ulong)(uint)seed ^ SeededRandom.Hash("ambulance crews"));
        var n = units.Count;
        _ids = new string[n];
        (_lat, _lon, _homeLat, _homeLon) = (new double[n], new double[n], new double[n], new double[n]);
        (_hospitalLat, _hospitalLon, _until, _driven) = (new double[n], new double[n], new double[n], new double[n]);
        _leg = new Leg?[n];
        _phase = new CrewPhase[n];
        (_moving, _parked) = (new bool[n], new bool[n]);
        _changes = new List<(CrewPhase, double)>[n];
        (_call, _served) = (new string?[n], new string?[n]);
        _index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var u = units[i];
            _ids[i] = u.Id;
            _index[u.Id] = i;
            _changes[i] = new List<(CrewPhase, double)>(4);
            (_lat[i], _lon[i]) = (u.Location.Latitude, u.Location.Longitude);
            var home = u.Station ?? u.Location;
            (_homeLat[i], _homeLon[i]) = (home.Latitude, home.Longitude);
            // A crew away from its station (a restart mid-call) drives home and is free meanwhile.
            SetOut(i, home);
        }
    }

    /// <summary>
    /// The roads legs follow from now on: the simulator hands over the graph of each roster it reads, so a road added to
    /// the twin is driven from the next leg on. A leg under way keeps the way it was planned on.
    /// </summary>
    public RoadGraph Roads { get; set; }

    /// <summary>Legs driven as straight lines because the roads gave no way there (logged once by the simulator).</summary>
    public int StraightLegs => _straightLegs;

    /// <summary>The leg a crew is driving, while it is.</summary>
    public Leg? LegOf(int crew) => _leg[crew];

    public int Count => _ids.Length;

    public string IdOf(int crew) => _ids[crew];

    public int IndexOf(string vehicle) => _index.GetValueOrDefault(vehicle, -1);

    public CrewPhase PhaseOf(int crew) => _phase[crew];

    public Position PositionOf(int crew) => new(_lon[crew], _lat[crew]);

    public bool IsMoving(int crew) => _moving[crew];

    /// <summary>The call the crew is on, or last served.</summary>
    public string? CallOf(int crew) => _call[crew] ?? _served[crew];

    /// <summary>The status the crew's terminal reports (<see cref="AmbulanceStatus"/>).</summary>
    public string StatusOf(int crew) => StatusOf(_phase[crew]);

    private static string StatusOf(CrewPhase phase) => phase switch
    {
        CrewPhase.ToScene => AmbulanceStatus.Dispatched,
        CrewPhase.AtScene => AmbulanceStatus.AtScene,
        CrewPhase.ToHospital => AmbulanceStatus.Transporting,
        CrewPhase.AtHospital => AmbulanceStatus.AtHospital,
        _ => AmbulanceStatus.Available,
    };

    /// <summary>
    /// An order as the twin shows it: the vehicle <c>dispatched</c> to <paramref name="call"/>, the patient to go to
    /// <paramref name="hospital"/>. A free crew takes a call it has not served yet from where it is; a crew on a call,
    /// or an order for the call it just finished (the twin keeps the last call until the next dispatch), is not taken.
    /// </summary>
    /// <param name="now">City time, Unix seconds.</param>
    /// <returns>Whether the crew set out.</returns>
    public bool Order(string vehicle, string call, Position scene, Position hospital, double now)
    {
        var i = IndexOf(vehicle);
        if (i < 0 || _phase[i] != CrewPhase.Available || call == _served[i]) return false;
        AdvanceTo(now);
        _phase[i] = CrewPhase.ToScene;
        _call[i] = call;
        (_hospitalLat[i], _hospitalLon[i]) = (hospital.Latitude, hospital.Longitude);
        SetOut(i, scene);
        return true;
    }

    /// <summary>
    /// A new hospital for a crew on <paramref name="call"/> (dispatch rerouted it: the one it was going to can no longer
    /// be reached): taken before the scene or on the way, in which case the crew turns from where it is.
    /// </summary>
    /// <returns>Whether the crew changed its destination.</returns>
    public bool Redirect(string vehicle, string call, Position hospital, double now)
    {
        var i = IndexOf(vehicle);
        if (i < 0 || _call[i] != call || _phase[i] is not (CrewPhase.ToScene or CrewPhase.AtScene or CrewPhase.ToHospital)) return false;
        if (GeoMath.HaversineMetres(new Position(_hospitalLon[i], _hospitalLat[i]), hospital) <= ArrivedMetres) return false;
        AdvanceTo(now);
        (_hospitalLat[i], _hospitalLon[i]) = (hospital.Latitude, hospital.Longitude);
        if (_phase[i] == CrewPhase.ToHospital) SetOut(i, hospital);
        return true;
    }

    /// <summary>Moves every crew on to city time <paramref name="now"/> (Unix seconds); time never runs back.</summary>
    public void AdvanceTo(double now)
    {
        if (double.IsNaN(_clock)) _clock = now;
        if (now <= _clock) return;
        for (var i = 0; i < _ids.Length; i++) Advance(i, _clock, now);
        _clock = now;
    }

    /// <summary>One crew from <paramref name="from"/> to <paramref name="to"/>: drive or wait, through as many phases as fit.</summary>
    private void Advance(int i, double from, double to)
    {
        var t = from;
        while (t < to)
        {
            if (_moving[i])
            {
                var leg = _leg[i]!;
                var metresPerSecond = SpeedKmh(_phase[i]) / 3.6;
                var arrival = t + (leg.Length - _driven[i]) / metresPerSecond;
                if (arrival > to)
                {
                    _driven[i] += (to - t) * metresPerSecond;
                    Place(i, leg.At(_driven[i]));
                    return;
                }
                Place(i, leg.End);
                (_moving[i], _leg[i]) = (false, null);
                t = arrival;
                if (_phase[i] == CrewPhase.Available) _parked[i] = true;
                Arrive(i, t);
            }
            else if (_phase[i] is CrewPhase.AtScene or CrewPhase.AtHospital)
            {
                if (_until[i] > to) return;
                t = _until[i];
                Leave(i, t);
            }
            else return; // free at its station
        }
    }

    private void Arrive(int i, double at)
    {
        switch (_phase[i])
        {
            case CrewPhase.ToScene:
                Set(i, CrewPhase.AtScene, at);
                _until[i] = at + Dwell(i, SceneMinutes, 1);
                break;
            case CrewPhase.ToHospital:
                Set(i, CrewPhase.AtHospital, at);
                _until[i] = at + Dwell(i, HandoverMinutes, 2);
                break;
        }
    }

    private void Leave(int i, double at)
    {
        if (_phase[i] == CrewPhase.AtScene)
        {
            Set(i, CrewPhase.ToHospital, at);
            SetOut(i, new Position(_hospitalLon[i], _hospitalLat[i]));
        }
        else
        {
            Set(i, CrewPhase.Available, at);
            (_served[i], _call[i]) = (_call[i], null);
            SetOut(i, new Position(_homeLon[i], _homeLat[i]));
        }
    }

    /// <summary>
    /// Plans the crew's leg to <paramref name="place"/>, once: by road, or the straight line where the roads give no way.
    /// A crew already there does not move.
    /// </summary>
    private void SetOut(int i, Position place)
    {
        var here = PositionOf(i);
        if (GeoMath.HaversineMetres(here, place) <= ArrivedMetres)
        {
            // Already there: a free crew stays parked; one sent to a scene or a hospital arrives at once (a leg of no
            // length), so its call goes on rather than waiting for a drive that never ends.
            _moving[i] = _phase[i] != CrewPhase.Available;
            (_leg[i], _driven[i]) = (_moving[i] ? Leg.Straight(here, here) : null, 0);
            return;
        }
        _moving[i] = true;
        var leg = Roads.Route(here, place);
        if (leg is null) _straightLegs++;
        (_leg[i], _driven[i]) = (leg ?? Leg.Straight(here, place), 0);
    }

    private void Place(int i, Position at) => (_lat[i], _lon[i]) = (at.Latitude, at.Longitude);

    private void Set(int i, CrewPhase phase, double at)
    {
        _phase[i] = phase;
        _changes[i].Add((phase, at));
    }

    /// <summary>Seconds of a stay: the typical minutes ±30 %, fixed by the seed, the crew and the call.</summary>
    private double Dwell(int i, double minutes, ulong stage)
    {
        var key = SeededRandom.Mix(_seed ^ SeededRandom.Hash(_ids[i]) ^ SeededRandom.Mix(SeededRandom.Hash(_call[i] ?? "") + stage));
        var unit = (key >> 11) * (1.0 / (1UL << 53));
        return minutes * 60 * (0.7 + 0.6 * unit);
    }

    private static double SpeedKmh(CrewPhase phase) => phase switch
    {
        CrewPhase.ToScene => EmergencyKmh,
        CrewPhase.ToHospital => TransportKmh,
        _ => ReturnKmh,
    };

    /// <summary>
    /// This round's readings of every crew's terminal: its position; every status it changed to since the last round,
    /// each at the moment it changed (a short ride can begin and end within one round, and a terminal reports each
    /// change as it happens), or its status now while it is on a call; and the SDM <c>serviceStatus</c>.
    /// </summary>
    public void Report(DateTimeOffset cityTime, List<GatewayReadings> into)
    {
        var at = Timestamp.FromDateTimeOffset(cityTime);
        for (var i = 0; i < _ids.Length; i++)
        {
            var readings = new List<Reading>(3 + _changes[i].Count)
            {
                new() { EntityId = _ids[i], Attribute = "location", Point = new GeoPoint { Latitude = _lat[i], Longitude = _lon[i] }, ObservedAt = at },
            };
            var onCall = _phase[i] is CrewPhase.AtScene or CrewPhase.ToHospital or CrewPhase.AtHospital;
            if (_changes[i].Count > 0 || onCall)
            {
                foreach (var (phase, changedAt) in _changes[i])
                    readings.Add(new Reading { EntityId = _ids[i], Attribute = "emergencyStatus", Text = StatusOf(phase), ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(changedAt)) });
                if (_changes[i].Count == 0) readings.Add(new Reading { EntityId = _ids[i], Attribute = "emergencyStatus", Text = StatusOf(i), ObservedAt = at });
                readings.Add(new Reading { EntityId = _ids[i], Attribute = "serviceStatus", Text = _moving[i] ? "onRoute" : "parked", ObservedAt = at });
                _changes[i].Clear();
                _parked[i] = false;
            }
            else if (_parked[i])
            {
                // Home again: parked, still available (said once already, when the crew cleared).
                readings.Add(new Reading { EntityId = _ids[i], Attribute = "serviceStatus", Text = "parked", ObservedAt = at });
                _parked[i] = false;
            }
            into.Add(new GatewayReadings(_ids[i], readings));
        }
    }
}

/// <summary>One sensor's readings of a round.</summary>
public sealed record GatewayReadings(string EntityId, IReadOnlyList<Reading> Readings);

/// <param name="Location">Where the twin holds it now.</param>
/// <param name="Station">Its station's place, where it returns between calls.</param>
public sealed record AmbulanceUnit(string Id, Position Location, Position? Station);

/// <summary>What the twin shows of a dispatched ambulance: its call (and where that is) and its hospital.</summary>
public sealed record CrewOrder(string Vehicle, string Call, Position Scene, Position Hospital);
