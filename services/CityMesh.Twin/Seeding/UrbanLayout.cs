using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// What a city has besides its roads, laid out from a seed around the road network: hospitals, substations and
/// buildings on plots beside the streets (never on them), rooftop PV, shelters in schools, air-quality stations at
/// busy junctions, flood gauges in roadside drains (each with a stowed barrier across its street and a drainage pump on
/// standby), rain gauges at junction corners, and a water main under every street, making the city's water network. Quantities scale with the
/// street length, so a larger network gets a larger city. Each kind draws from its own random stream.
/// </summary>
internal sealed class UrbanLayout
{
    /// <summary>Plots keep this much space, metres, from a carriageway's edge and from each other.</summary>
    private const double RoadClearance = 5;
    private const double PlotGap = 4;

    /// <summary>No plot starts within this distance of a street's ends: that is junction space.</summary>
    private const double JunctionClearance = 28;

    private readonly IReadOnlyList<Street> _streets;
    private readonly (double MinX, double MinY, double MaxX, double MaxY) _extent;
    private readonly PlanePoint _centre;
    private readonly double _cityRadius;
    private readonly List<Footprint> _taken = [];
    private readonly IGeoreference _plane;
    private readonly string _city;
    private readonly string _name;
    private readonly int _seed;
    private readonly CityFlowRoadNetwork _network;

    private UrbanLayout(CityFlowRoadNetwork network, IGeoreference plane, string city, string name, int seed)
    {
        _network = network;
        _plane = plane;
        _city = city;
        _name = name;
        _seed = seed;
        _streets = Street.From(network);
        var xs = network.Intersections.Select(i => i.Point.X).ToArray();
        var ys = network.Intersections.Select(i => i.Point.Y).ToArray();
        _extent = (xs.Min(), ys.Min(), xs.Max(), ys.Max());
        var core = network.Intersections.Where(i => !i.Virtual).DefaultIfEmpty(network.Intersections[0]).ToArray();
        _centre = new PlanePoint(core.Average(i => i.Point.X), core.Average(i => i.Point.Y));
        _cityRadius = Math.Max(1, xs.Zip(ys).Max(p => new PlanePoint(p.First, p.Second).DistanceTo(_centre)));
    }

    public static void AddTo(ICollection<Entity> city, CityFlowRoadNetwork network, IGeoreference plane, string citySegment, string name, int seed)
    {
        if (network.Roads.Count == 0) return;
        new UrbanLayout(network, plane, citySegment, name, seed).Lay(city);
    }

    private double StreetLength => _streets.Sum(s => s.Length);

    private void Lay(ICollection<Entity> city)
    {
        var hospitals = PlaceCompounds("hospitals", Math.Max(1, (int)Math.Round(StreetLength / 6000)), 90, 130, 70, 100, 12, 20, 700);
        var substations = PlaceCompounds("substations", Math.Max(1, (int)Math.Round(StreetLength / 5000)), 40, 55, 30, 40, 8, 12, 600);
        var buildings = PlaceBuildings();

        var substationIds = substations.Select((_, i) => EntityIds.Create(EntityTypes.Substation, _city, $"s{i + 1}")).ToArray();
        int Nearest(PlanePoint p) => Enumerable.Range(0, substations.Count).MinBy(i => substations[i].Centre.DistanceTo(p));
        var demand = new double[substations.Count];
        var ambulanceSites = new List<(PlanePoint Site, string? Hospital, string Name)>();

        var hospitalRandom = SeededRandom.For(_seed, "hospital-attributes");
        for (var i = 0; i < hospitals.Count; i++)
        {
            var plot = hospitals[i];
            var floors = hospitalRandom.Next(6, 19);
            var floorArea = Math.Round(plot.Area * 0.7 * floors);
            var supply = Nearest(plot.Centre);
            demand[supply] += floorArea * 0.05;
            var hospital = new EntityDraft(EntityTypes.Hospital, _city, $"h{i + 1}");
            var emergency = i < Math.Max(1, hospitals.Count - 1);
            // About 55 m² of floor per bed, wards, theatres and corridors included.
            var beds = HospitalBeds.Of((int)Math.Round(floorArea / 55));
            city.Add(hospital
                .At(Polygon(plot))
                .With("name", $"{_name} Hospital No. {i + 1}")
                .With("bedCapacity", beds.Total)
                .With("generalBeds", beds.General)
                .With("icuBeds", beds.Icu)
                .With("paediatricBeds", beds.Paediatric)
                .With("emergencyDepartment", emergency)
                .With("edCubicles", emergency ? HospitalBeds.EdCubicles(beds.Total) : 0)
                .With("floorsAboveGround", floors)
                .With("floorArea", floorArea, UnitCodes.SquareMetre)
                .Link("refSubstation", substationIds[supply])
                .Link("refRoadSegment", RoadOf(plot.Centre))
                .Build());
            foreach (var ward in HospitalBeds.Wards(beds))
            {
                city.Add(new EntityDraft(EntityTypes.HospitalWard, _city, $"h{i + 1}-{ward.LocalId}")
                    .At(new Point(ToWgs84(plot.Centre)))
                    .With("name", $"{ward.Name}, Hospital No. {i + 1}")
                    .With("bedType", ward.BedType)
                    .With("bedCapacity", ward.Beds)
                    .With("floor", hospitalRandom.Next(1, floors + 1))
                    .Link("refHospital", hospital.Id)
                    .Build());
            }
            if (emergency) ambulanceSites.Add((plot.Corners.MinBy(c => _streets.Min(s => s.DistanceTo(c))), hospital.Id, $"Hospital No. {i + 1}"));
        }
        AddAmbulances(city, ambulanceSites);

        var pvRandom = SeededRandom.For(_seed, "pv");
        var pvCount = 0;
        for (var i = 0; i < buildings.Count; i++)
        {
            var b = buildings[i];
            var supply = Nearest(b.Plot.Centre);
            demand[supply] += b.PeakDemand;
            var building = new EntityDraft(EntityTypes.Building, _city, $"b{i + 1:D4}")
                .At(Polygon(b.Plot))
                .With("usage", b.Usage)
                .With("floorsAboveGround", b.Floors)
                .With("height", b.Height, UnitCodes.Metre)
                .With("footprintArea", Math.Round(b.Plot.Area, 1), UnitCodes.SquareMetre)
                .With("floorArea", Math.Round(b.Plot.Area * b.Floors), UnitCodes.SquareMetre)
                .With("peakDemand", Math.Round(b.PeakDemand, 1), UnitCodes.Kilowatt)
                .Link("refSubstation", substationIds[supply]);
            city.Add(building.Build());

            if (!pvRandom.Chance(PvShare(b.Usage))) continue;
            pvCount++;
            // Panels cover about 55 % of a flat roof at 0.2 kWp per m².
            var capacity = Math.Round(b.Plot.Area * 0.55 * 0.2, 1);
            city.Add(new EntityDraft(EntityTypes.PVSystem, _city, $"pv{pvCount:D3}")
                .At(new Point(ToWgs84(b.Plot.Centre)))
                .With("name", $"Rooftop PV {pvCount}")
                .With("installation", "rooftop")
                .With("capacity", capacity, UnitCodes.Kilowatt)
                .Link("refBuilding", building.Id)
                .Link("refSubstation", substationIds[supply])
                .Build());
        }

        for (var i = 0; i < substations.Count; i++)
        {
            // Transformers are sized with 30 % headroom over the peak they serve, in 5 MVA steps.
            var capacity = Math.Max(10_000, Math.Ceiling(demand[i] * 1.3 / 5000) * 5000);
            city.Add(new EntityDraft(EntityTypes.Substation, _city, $"s{i + 1}")
                .At(new Point(ToWgs84(substations[i].Centre)))
                .With("name", $"{_name} Substation {i + 1}")
                .With("voltage", "110/10 kV")
                .With("capacity", capacity, UnitCodes.Kilowatt)
                .Build());
        }

        AddShelters(city, buildings);
        AddAirQualityStations(city);
        AddFloodDefences(city, AddFloodGauges(city));
        AddRainGauges(city);
        AddWaterMains(city, buildings);
    }

    private static double PvShare(string usage) => usage switch
    {
        "industrial" => 0.45,
        "school" => 0.35,
        "commercial" => 0.2,
        "office" => 0.12,
        _ => 0.08,
    };

    /// <summary>Large plots (hospitals, substation compounds) first, spread apart; the spacing relaxes if the
    /// network is too small to honour it.</summary>
    private List<Footprint> PlaceCompounds(string purpose, int count, double minFrontage, double maxFrontage,
        double minDepth, double maxDepth, double minSetback, double maxSetback, double spacing)
    {
        var random = SeededRandom.For(_seed, purpose);
        var placed = new List<Footprint>();
        var inner = _streets.Where(s => !s.Boundary && s.Length > 2 * JunctionClearance + maxFrontage).ToArray();
        var candidates = inner.Length > 0 ? inner : _streets.Where(s => s.Length > 2 * JunctionClearance + minFrontage).ToArray();
        if (candidates.Length == 0) return placed;
        for (var attempt = 0; attempt < 2000 && placed.Count < count; attempt++)
        {
            var minSpacing = spacing * Math.Pow(0.8, attempt / 200);
            var street = random.Pick(candidates);
            var frontage = random.Next(minFrontage, maxFrontage);
            if (street.Length < 2 * JunctionClearance + frontage) continue;
            var along = random.Next(JunctionClearance, street.Length - JunctionClearance - frontage);
            var side = random.Chance(0.5) ? 1 : -1;
            var plot = street.Plot(along, side, random.Next(minSetback, maxSetback), frontage, random.Next(minDepth, maxDepth));
            if (placed.Any(p => p.Centre.DistanceTo(plot.Centre) < minSpacing) || !Fits(plot, 10)) continue;
            placed.Add(plot);
            _taken.Add(plot);
        }
        return placed;
    }

    private List<PlacedBuilding> PlaceBuildings()
    {
        var random = SeededRandom.For(_seed, "buildings");
        var result = new List<PlacedBuilding>();
        foreach (var street in _streets)
        {
            foreach (var side in (int[])[1, -1])
            {
                for (var row = 0; row < 3; row++)
                {
                    // The street front is nearly continuous; rows deeper in the block leave yards and gaps.
                    var skip = row switch { 0 => 0.12, 1 => 0.45, _ => 0.6 };
                    var along = JunctionClearance + random.Next(0, 10);
                    while (true)
                    {
                        var frontage = random.Next(18, 48);
                        if (along + frontage > street.Length - JunctionClearance) break;
                        var depth = row == 0 ? random.Next(14, 32) : random.Next(16, 40);
                        var setback = row switch { 0 => random.Next(6, 12), 1 => random.Next(48, 62), _ => random.Next(104, 118) };
                        if (!random.Chance(skip))
                        {
                            var plot = street.Plot(along, side, setback, frontage, depth);
                            if (Fits(plot, PlotGap))
                            {
                                _taken.Add(plot);
                                result.Add(DescribeBuilding(plot, row, random));
                            }
                        }
                        along += frontage + random.Next(4, 14);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Offices and shops gather in the centre and along the street front; industry at the edge.</summary>
    private PlacedBuilding DescribeBuilding(Footprint plot, int row, SeededRandom random)
    {
        var r = Math.Min(1, plot.Centre.DistanceTo(_centre) / _cityRadius);
        var roll = random.NextDouble();
        var office = 0.28 * (1 - r);
        var commercial = row == 0 ? 0.18 : 0.06;
        const double school = 0.04;
        var industrial = 0.12 * r * r;
        var usage = roll < office ? "office"
            : roll < office + commercial ? "commercial"
            : roll < office + commercial + school ? "school"
            : roll < office + commercial + school + industrial ? "industrial"
            : "residential";
        // Diversified peak demand per m² of floor, the planning figures for a Chinese city district.
        var (floors, storey, kwPerSquareMetre) = usage switch
        {
            "office" => (random.Next(8, 36), 3.8, 0.04),
            "commercial" => (random.Next(2, 7), 4.5, 0.05),
            "school" => (random.Next(3, 6), 3.9, 0.02),
            "industrial" => (random.Next(1, 4), 6.0, 0.06),
            _ => (random.Next(6, 33), 3.0, 0.015),
        };
        return new PlacedBuilding(plot, usage, floors, Math.Round(floors * storey, 1), plot.Area * floors * kwPerSquareMetre);
    }

    private bool Fits(Footprint plot, double gap)
    {
        foreach (var corner in plot.Corners)
        {
            if (corner.X < _extent.MinX || corner.X > _extent.MaxX || corner.Y < _extent.MinY || corner.Y > _extent.MaxY) return false;
        }
        if (_streets.Any(s => s.Clearance(plot) < RoadClearance)) return false;
        return _taken.All(t => t.DistanceTo(plot) >= gap);
    }

    /// <summary>Schools are the usual emergency shelters; spread them out, and fall back to the largest buildings.</summary>
    private void AddShelters(ICollection<Entity> city, List<PlacedBuilding> buildings)
    {
        var count = Math.Max(2, (int)Math.Round(StreetLength / 4000));
        var indexed = buildings.Select((b, i) => (Building: b, Index: i)).ToList();
        var schools = indexed.Where(b => b.Building.Usage == "school").ToList();
        var pool = schools.Count >= count ? schools : [.. schools, .. indexed.Where(b => b.Building.Usage != "school").OrderByDescending(b => b.Building.Plot.Area).Take(count - schools.Count)];
        var chosen = Spread(pool, b => b.Building.Plot.Centre, count, SeededRandom.For(_seed, "shelters"));
        for (var i = 0; i < chosen.Count; i++)
        {
            var (b, index) = chosen[i];
            // 3.5 m² of floor per person, the usual planning figure for indoor emergency shelter.
            city.Add(new EntityDraft(EntityTypes.Shelter, _city, $"sh{i + 1}")
                .At(new Point(ToWgs84(b.Plot.Centre)))
                .With("name", $"Emergency shelter {i + 1}")
                .With("capacity", Math.Floor(b.Plot.Area * b.Floors / 3.5))
                .Link("refBuilding", EntityIds.Create(EntityTypes.Building, _city, $"b{index + 1:D4}"))
                .Build());
        }
    }

    /// <summary>
    /// Ambulance stations: one at each emergency department's entrance (crews hand over and restock there) and
    /// standalone posts spread over the streets the hospitals leave farthest, about one per 8 km of street, so every
    /// district has a crew within a few minutes. Three ambulances at a hospital, two at a post, all free at start.
    /// </summary>
    private void AddAmbulances(ICollection<Entity> city, List<(PlanePoint Site, string? Hospital, string Name)> sites)
    {
        var random = SeededRandom.For(_seed, "ambulance-stations");
        var posts = Math.Max(1, (int)Math.Round(StreetLength / 8000));
        var inner = _streets.Where(s => !s.Boundary).ToList();
        for (var p = 0; p < posts; p++)
        {
            var pool = inner.Count > 0 ? inner : [.. _streets];
            // The street whose middle is farthest from every site so far; ties broken by the seed.
            var street = pool.OrderByDescending(s => sites.Count == 0 ? random.NextDouble() : sites.Min(x => x.Site.DistanceTo(s.PointAt(s.Length / 2))))
                .ThenBy(s => s.RoadId, StringComparer.Ordinal).First();
            var middle = street.PointAt(street.Length / 2);
            sites.Add((middle + street.NormalAt(street.Length / 2) * (street.HalfWidth + 6), null, $"Ambulance post {p + 1}"));
        }
        var vehicle = 0;
        for (var s = 0; s < sites.Count; s++)
        {
            var (site, hospital, name) = sites[s];
            var station = new EntityDraft(EntityTypes.AmbulanceStation, _city, $"as{s + 1}")
                .At(new Point(ToWgs84(site)))
                .With("name", hospital is null ? name : $"Ambulance station, {name}")
                .Link("refRoadSegment", RoadOf(site));
            if (hospital is not null) station.Link("refHospital", hospital);
            var crews = hospital is null ? 2 : 3;
            station.With("vehicleCapacity", crews);
            city.Add(station.Build());
            for (var c = 0; c < crews; c++)
            {
                vehicle++;
                city.Add(new EntityDraft(EntityTypes.Vehicle, _city, $"amb{vehicle:D2}")
                    .At(new Point(ToWgs84(site)))
                    .With("name", $"Ambulance {vehicle:D2}")
                    .With("vehicleType", "ambulance")
                    .With("fleetVehicleId", $"A{vehicle:D2}")
                    .With("emergencyStatus", AmbulanceStatus.Available)
                    .With("serviceStatus", AmbulanceStatus.ServiceStatus(AmbulanceStatus.Available))
                    .Link("refAmbulanceStation", station.Id)
                    .Link("refRoadSegment", RoadOf(site))
                    .Build());
            }
        }
    }

    /// <summary>The RoadSegment of the street nearest a point: where a vehicle leaving it joins the network.</summary>
    private string RoadOf(PlanePoint p) =>
        TrafficNetworkImport.EntityId(EntityTypes.RoadSegment, _city, _streets.MinBy(s => s.DistanceTo(p))!.RoadId);

    /// <summary>At the corners of the busiest junctions: the signalised ones, spread over the network.</summary>
    private void AddAirQualityStations(ICollection<Entity> city)
    {
        var junctions = _network.Intersections.Where(i => i.Signalised).ToList();
        if (junctions.Count == 0) junctions = _network.Intersections.Where(i => !i.Virtual).ToList();
        var count = Math.Min(junctions.Count, Math.Max(2, (int)Math.Round(StreetLength / 2500)));
        var random = SeededRandom.For(_seed, "air-quality");
        var chosen = Spread(junctions, i => new PlanePoint(i.Point.X, i.Point.Y), count, random);
        var halfWidth = _streets.Max(s => s.HalfWidth);
        for (var i = 0; i < chosen.Count; i++)
        {
            var corner = new PlanePoint(random.Chance(0.5) ? 1 : -1, random.Chance(0.5) ? 1 : -1).Unit;
            var site = new PlanePoint(chosen[i].Point.X, chosen[i].Point.Y) + corner * ((halfWidth + 10) * Math.Sqrt(2));
            city.Add(new EntityDraft(EntityTypes.AirQualityObserved, _city, $"aq{i + 1}")
                .At(new Point(ToWgs84(site)))
                .With("name", $"Air quality station {i + 1} ({chosen[i].Id})")
                .Link("refIntersection", TrafficNetworkImport.EntityId(EntityTypes.Intersection, _city, chosen[i].Id))
                .Build());
        }
    }

    /// <summary>In the roadside drain at the middle of streets spread over the network; the streets chosen, in gauge order.</summary>
    private List<Street> AddFloodGauges(ICollection<Entity> city)
    {
        var count = Math.Max(2, (int)Math.Round(StreetLength / 5000));
        var random = SeededRandom.For(_seed, "flood-gauges");
        var inner = _streets.Where(s => !s.Boundary).ToList();
        var chosen = Spread(inner.Count >= count ? inner : [.. _streets], s => s.PointAt(s.Length / 2), count, random);
        for (var i = 0; i < chosen.Count; i++)
        {
            var street = chosen[i];
            var alert = Math.Round(random.Next(1.2, 1.8), 2);
            var site = street.PointAt(street.Length / 2) + street.NormalAt(street.Length / 2) * (street.HalfWidth + 3);
            city.Add(new EntityDraft(EntityTypes.FloodGauge, _city, $"fg{i + 1}")
                .At(new Point(ToWgs84(site)))
                .With("name", $"Flood gauge {i + 1}")
                .With("alertLevel", alert, UnitCodes.Metre)
                .With("criticalLevel", Math.Round(alert + 0.6, 2), UnitCodes.Metre)
                .Link("refRoadSegment", TrafficNetworkImport.EntityId(EntityTypes.RoadSegment, _city, street.RoadId))
                .Build());
        }
        return chosen;
    }

    /// <summary>
    /// Where each flood gauge watches a street: a stormwater pump at its drain, on standby, and a demountable barrier
    /// across the street beside it, stowed, 1 m high and reaching 10 m past each kerb. What a city deploys as the water
    /// rises; the safety service forecasts with those deployed or running and with all of them.
    /// </summary>
    private void AddFloodDefences(ICollection<Entity> city, IReadOnlyList<Street> gaugeStreets)
    {
        for (var i = 0; i < gaugeStreets.Count; i++)
        {
            var street = gaugeStreets[i];
            var gauge = EntityIds.Create(EntityTypes.FloodGauge, _city, $"fg{i + 1}");
            var road = TrafficNetworkImport.EntityId(EntityTypes.RoadSegment, _city, street.RoadId);
            // 20 m downstream of the gauge along the street, so neither stands on the other.
            var along = Math.Min(street.Length, street.Length / 2 + 20);
            var normal = street.NormalAt(along);
            var reach = street.HalfWidth + 10;
            city.Add(new EntityDraft(EntityTypes.FloodBarrier, _city, $"fb{i + 1}")
                .At(new LineString([ToWgs84(street.PointAt(along) - normal * reach), ToWgs84(street.PointAt(along) + normal * reach)]))
                .With("name", $"Flood barrier {i + 1}")
                .With("height", 1.0, UnitCodes.Metre)
                .With("status", "stowed")
                .Link("refRoadSegment", road)
                .Link("refFloodGauge", gauge)
                .Build());
            var drain = street.PointAt(street.Length / 2) + street.NormalAt(street.Length / 2) * (street.HalfWidth + 3);
            city.Add(new EntityDraft(EntityTypes.DrainagePump, _city, $"dp{i + 1}")
                .At(new Point(ToWgs84(drain)))
                .With("name", $"Drainage pump {i + 1}")
                .With("capacity", 1.0, UnitCodes.CubicMetrePerSecond)
                .With("status", "standby")
                .Link("refFloodGauge", gauge)
                .Build());
        }
    }

    /// <summary>Rain gauges (WeatherObserved stations), one per 10 km of street and at least two, on open corners of junctions spread over the city.</summary>
    private void AddRainGauges(ICollection<Entity> city)
    {
        var junctions = _network.Intersections.Where(i => !i.Virtual).ToList();
        if (junctions.Count == 0) return;
        var count = Math.Min(junctions.Count, Math.Max(2, (int)Math.Round(StreetLength / 10_000)));
        var random = SeededRandom.For(_seed, "rain-gauges");
        var chosen = Spread(junctions, j => new PlanePoint(j.Point.X, j.Point.Y), count, random);
        var halfWidth = _streets.Max(s => s.HalfWidth);
        for (var i = 0; i < chosen.Count; i++)
        {
            var site = new PlanePoint(chosen[i].Point.X, chosen[i].Point.Y) + new PlanePoint(-1, 1).Unit * ((halfWidth + 12) * Math.Sqrt(2));
            city.Add(new EntityDraft(EntityTypes.WeatherObserved, _city, $"rg{i + 1}")
                .At(new Point(ToWgs84(site)))
                .With("name", $"Rain gauge {i + 1}")
                .With("precipitation", 0.0, UnitCodes.MillimetrePerHour)
                .Build());
        }
    }

    /// <summary>
    /// One main under the pavement of every street, 3 m beyond the kerb, and the water network they make
    /// (<see cref="CityWaterNetwork"/>): junctions, the mains as pipes (each main points to its pipe), the works'
    /// reservoir and the water tower, as FIWARE's water network entities.
    /// </summary>
    private void AddWaterMains(ICollection<Entity> city, IReadOnlyList<PlacedBuilding> buildings)
    {
        var random = SeededRandom.For(_seed, "water-mains");
        double[] diameters = [200, 300, 300, 400, 400, 500, 600];
        var drawn = _streets.Select((s, i) => ($"m{i + 1:D2}", (s.Boundary ? 300 : random.Pick(diameters)) / 1000.0)).ToList();
        var draws = buildings.Select(b => (b.Plot.Centre, CityWaterNetwork.DailyLitresPerSquareMetre(b.Usage) * b.Plot.Area * b.Floors)).ToList();
        var network = CityWaterNetwork.Build(_network, _streets, drawn, draws, _name);
        for (var i = 0; i < _streets.Count; i++)
        {
            var street = _streets[i];
            var pipe = network.Pipes[i];
            var line = street.Offset(street.HalfWidth + 3).Select(ToWgs84).ToArray();
            city.Add(new EntityDraft(EntityTypes.WaterMain, _city, $"wm{i + 1:D2}")
                .At(new LineString(line))
                .With("name", $"Water main {i + 1} ({street.RoadId})")
                .With("diameter", Math.Round(pipe.Diameter * 1000), UnitCodes.Millimetre)
                .With("material", "ductile iron")
                .With("length", Math.Round(street.Length, 1), UnitCodes.Metre)
                .Link("refRoadSegment", TrafficNetworkImport.EntityId(EntityTypes.RoadSegment, _city, street.RoadId))
                .Link("refPipe", EntityIds.Create(EntityTypes.Pipe, _city, $"{CityWaterNetwork.Id}-{pipe.Id}"))
                .Build());
        }
        // The utility's meters with it: loggers, an inflow meter per district metered area, tank gauges, pump and valve signals.
        var meters = WaterMeters.Plan(network, CityWaterNetwork.Id);
        var elements = WaterNetworkEntities.Describe(network, CityWaterNetwork.Id, (x, y) => _plane.ToWgs84(x, y), meters.Partition)
            .Concat(meters.Describe(network, (x, y) => _plane.ToWgs84(x, y)));
        foreach (var element in elements)
            city.Add(EntityDraft.From(element, _city).Build());
    }

    /// <summary>Farthest-point sampling from a random start: picks that cover the network evenly.</summary>
    private static List<T> Spread<T>(IReadOnlyList<T> items, Func<T, PlanePoint> at, int count, SeededRandom random)
    {
        var chosen = new List<T>();
        if (items.Count == 0) return chosen;
        chosen.Add(random.Pick(items));
        while (chosen.Count < Math.Min(count, items.Count))
        {
            var next = items.Where(i => !chosen.Contains(i)).MaxBy(i => chosen.Min(c => at(c).DistanceTo(at(i))))!;
            chosen.Add(next);
        }
        return chosen;
    }

    private Position ToWgs84(PlanePoint p) => _plane.ToWgs84(p.X, p.Y);

    private Polygon Polygon(Footprint plot)
    {
        var ring = plot.Corners.Select(ToWgs84).ToList();
        ring.Add(ring[0]);
        return new Polygon([[.. ring]]);
    }

    private sealed record PlacedBuilding(Footprint Plot, string Usage, int Floors, double Height, double PeakDemand);
}
