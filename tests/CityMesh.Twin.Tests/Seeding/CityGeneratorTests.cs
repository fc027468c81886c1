using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Seeding;

public sealed class CityGeneratorTests
{
    /// <summary>Central Jinan, generously: the seeded city must lie inside.</summary>
    private static readonly BoundingBox JinanBox = new(116.95, 36.60, 117.10, 36.72);

    private static readonly SeededCity City = JinanData.City();

    private IEnumerable<Entity> OfType(string type) => City.Entities.Where(e => e.Type == type);

    [Fact]
    public void Should_Import_Every_Road_Intersection_And_Signal_Of_The_Network()
    {
        var counts = City.CountByType;
        Assert.Equal(62, counts[EntityTypes.RoadSegment]);
        Assert.Equal(26, counts[EntityTypes.Intersection]);
        Assert.Equal(12, counts[EntityTypes.TrafficSignal]);
        Assert.Equal(62, counts[EntityTypes.TrafficFlowObserved]);
        Assert.Equal(12, OfType(EntityTypes.Intersection).Count(i => i.Properties["signalised"].Value == TwinValue.Of(true)));
        Assert.Equal(14, OfType(EntityTypes.Intersection).Count(i => i.Properties["networkBoundary"].Value == TwinValue.Of(true)));
    }

    [Fact]
    public void Should_Furnish_The_City_With_What_A_City_Has()
    {
        var counts = City.CountByType;
        Assert.InRange(counts[EntityTypes.Building], 500, 2000);
        Assert.InRange(counts[EntityTypes.Hospital], 2, 5);
        Assert.InRange(counts[EntityTypes.Substation], 3, 6);
        Assert.InRange(counts[EntityTypes.PVSystem], 30, 300);
        Assert.InRange(counts[EntityTypes.AirQualityObserved], 4, 12);
        Assert.InRange(counts[EntityTypes.FloodGauge], 2, 8);
        Assert.Equal(31, counts[EntityTypes.WaterMain]);
        Assert.InRange(counts[EntityTypes.Shelter], 3, 8);
        Assert.InRange(counts[EntityTypes.WeatherObserved], 2, 6);
    }

    [Fact]
    public void Should_Stand_A_Stowed_Barrier_And_A_Pump_On_Standby_By_Every_Flood_Gauge()
    {
        var gauges = OfType(EntityTypes.FloodGauge).Select(g => g.Id).ToHashSet();
        var barriers = OfType(EntityTypes.FloodBarrier).ToList();
        var pumps = OfType(EntityTypes.DrainagePump).ToList();
        Assert.Equal(gauges, barriers.Select(b => b.Relationships["refFloodGauge"].Object).ToHashSet());
        Assert.Equal(gauges, pumps.Select(p => p.Relationships["refFloodGauge"].Object).ToHashSet());
        foreach (var b in barriers)
        {
            Assert.Equal(TwinValue.Of("stowed"), b.Properties["status"].Value);
            Assert.Equal(TwinValue.Of(1.0), b.Properties["height"].Value);
            // Across its street: from 10 m beyond one kerb to 10 m beyond the other, so at least 26 m (two 3 m lanes).
            var line = Assert.IsType<LineString>(b.Location);
            Assert.Equal(2, line.Coordinates.Length);
            Assert.InRange(GeoMath.HaversineMetres(line.Coordinates[0], line.Coordinates[1]), 26, 80);
        }
        foreach (var p in pumps)
        {
            Assert.Equal(TwinValue.Of("standby"), p.Properties["status"].Value);
            Assert.Equal(TwinValue.Of(1.0), p.Properties["capacity"].Value);
            Assert.Equal(UnitCodes.CubicMetrePerSecond, p.Properties["capacity"].UnitCode);
        }
        foreach (var r in OfType(EntityTypes.WeatherObserved))
            Assert.Equal(UnitCodes.MillimetrePerHour, r.Properties["precipitation"].UnitCode);
    }

    [Fact]
    public void Should_Give_Every_Entity_A_Jinan_Id_Its_Category_And_A_Valid_Shape()
    {
        var ids = new HashSet<string>();
        foreach (var e in City.Entities)
        {
            EntityValidator.Validate(e);
            Assert.StartsWith($"urn:ngsi-ld:{e.Type}:jinan:", e.Id);
            Assert.True(ids.Add(e.Id), $"duplicate id {e.Id}");
            Assert.Equal(EntityTypes.CategoryOf(e.Type), e.Category);
            Assert.NotNull(e.Location);
            // Written and read back as GeoJSON: closed rings, valid ranges.
            GeoJson.Parse(GeoJson.Write(e.Location));
        }
    }

    [Fact]
    public void Should_Place_The_City_In_Jinan()
    {
        foreach (var p in City.Entities.SelectMany(e => e.Location!.Positions))
            Assert.True(JinanBox.Contains(p.Longitude, p.Latitude), $"{p} lies outside central Jinan");
        var origin = OfType(EntityTypes.Intersection).Single(i => i.Id.EndsWith(":intersection_1_1", StringComparison.Ordinal));
        Assert.Equal(new Position(CityOptions.JinanAnchorLongitude, CityOptions.JinanAnchorLatitude), ((Point)origin.Location!).Coordinates);
    }

    [Fact]
    public void Should_Describe_Roads_With_Lanes_Speed_Length_And_Their_Intersections()
    {
        var road = City.Entities.Single(e => e.Id == "urn:ngsi-ld:RoadSegment:jinan:road_0_1_0");
        Assert.Equal(3, road.Properties["totalLaneNumber"].Value.Number);
        Assert.Equal("[4,4,4]", road.Properties["laneWidths"].Value.Text);
        Assert.Equal(new Property(TwinValue.Of(40.0), "KMH"), road.Properties["maxSpeed"]);
        Assert.Equal(new Property(TwinValue.Of(400.0), "MTR"), road.Properties["length"]);
        Assert.Equal("urn:ngsi-ld:Intersection:jinan:intersection_0_1", road.Relationships["refStartIntersection"].Object);
        Assert.Equal("urn:ngsi-ld:Intersection:jinan:intersection_1_1", road.Relationships["refEndIntersection"].Object);

        // The stored length and the WGS84 geometry agree: the projection keeps metres.
        foreach (var segment in OfType(EntityTypes.RoadSegment))
        {
            var line = Assert.IsType<LineString>(segment.Location);
            var measured = line.Coordinates.Zip(line.Coordinates.Skip(1), GeoMath.HaversineMetres).Sum();
            Assert.InRange(measured / segment.Properties["length"].Value.Number, 0.995, 1.005);
        }
    }

    [Fact]
    public void Should_Carry_Each_Signals_Phases_As_Movements_Between_Road_Segments()
    {
        var signal = City.Entities.Single(e => e.Id == "urn:ngsi-ld:TrafficSignal:jinan:intersection_1_1");
        Assert.Equal("urn:ngsi-ld:Intersection:jinan:intersection_1_1", signal.Relationships["refIntersection"].Object);
        Assert.Equal(245, signal.Properties["cycleLength"].Value.Number);
        using var phases = JsonDocument.Parse(signal.Properties["phases"].Value.Text!);
        Assert.Equal(9, phases.RootElement.GetArrayLength());
        var first = phases.RootElement[1];
        Assert.Equal(30, first.GetProperty("duration").GetDouble());
        var movement = first.GetProperty("movements")[0];
        Assert.Equal("urn:ngsi-ld:RoadSegment:jinan:road_0_1_0", movement.GetProperty("from").GetString());
        Assert.Equal("go_straight", movement.GetProperty("turn").GetString());
    }

    [Fact]
    public void Should_Link_Only_To_Entities_That_Exist()
    {
        var ids = City.Entities.Select(e => e.Id).ToHashSet();
        foreach (var e in City.Entities)
        foreach (var (name, r) in e.Relationships)
            Assert.True(ids.Contains(r.Object), $"{e.Id}.{name} points at missing {r.Object}");

        // One detector per road, each on its own road.
        var detected = OfType(EntityTypes.TrafficFlowObserved).Select(d => d.Relationships["refRoadSegment"].Object).ToList();
        Assert.Equal(detected.Count, detected.Distinct().Count());
        Assert.Equal(OfType(EntityTypes.RoadSegment).Select(r => r.Id).Order(), detected.Order());
        Assert.All(OfType(EntityTypes.PVSystem), p => Assert.StartsWith("urn:ngsi-ld:Substation:jinan:", p.Relationships["refSubstation"].Object));
        Assert.All(OfType(EntityTypes.PVSystem), p => Assert.True(p.Properties["capacity"].Value.Number > 0));
    }

    [Fact]
    public void Should_Give_Hospitals_Wards_Of_Each_Bed_Type_And_Emergency_Departments_Ambulances()
    {
        var wards = OfType(EntityTypes.HospitalWard).ToLookup(w => w.Relationships["refHospital"].Object);
        foreach (var hospital in OfType(EntityTypes.Hospital))
        {
            int Beds(string attribute) => (int)hospital.Properties[attribute].Value.Number;
            var own = wards[hospital.Id].ToArray();
            // Every bed type has a ward, and the wards hold exactly the hospital's beds of that type.
            foreach (var (type, attribute) in new[] { ("general", "generalBeds"), ("icu", "icuBeds"), ("paediatric", "paediatricBeds") })
            {
                var ofType = own.Where(w => w.Properties["bedType"].Value.Text == type).ToArray();
                Assert.NotEmpty(ofType);
                Assert.Equal(Beds(attribute), ofType.Sum(w => (int)w.Properties["bedCapacity"].Value.Number));
            }
            Assert.Equal(Beds("bedCapacity"), Beds("generalBeds") + Beds("icuBeds") + Beds("paediatricBeds"));
            // 2–8 % of beds in intensive care, as large general hospitals keep.
            Assert.InRange(Beds("icuBeds") / (double)Beds("bedCapacity"), 0.02, 0.08);
            Assert.StartsWith("urn:ngsi-ld:RoadSegment:jinan:", hospital.Relationships["refRoadSegment"].Object);
        }

        var stations = OfType(EntityTypes.AmbulanceStation).ToArray();
        var emergencyDepartments = OfType(EntityTypes.Hospital).Count(h => h.Properties["emergencyDepartment"].Value == TwinValue.Of(true));
        // One station at each emergency department, and at least one post of its own.
        Assert.Equal(emergencyDepartments, stations.Count(s => s.Relationships.ContainsKey("refHospital")));
        Assert.Contains(stations, s => !s.Relationships.ContainsKey("refHospital"));
        var ambulances = OfType(EntityTypes.Vehicle).Where(v => v.Properties["vehicleType"].Value.Text == "ambulance").ToArray();
        Assert.Equal(stations.Sum(s => (int)s.Properties["vehicleCapacity"].Value.Number), ambulances.Length);
        Assert.All(ambulances, a =>
        {
            Assert.Equal("available", a.Properties["emergencyStatus"].Value.Text);
            Assert.Contains(a.Relationships["refAmbulanceStation"].Object, stations.Select(s => s.Id));
        });
    }

    [Fact]
    public void Should_Put_Buildings_Beside_The_Roads_Not_On_Them()
    {
        var plane = City.Georeference;
        var streets = OfType(EntityTypes.RoadSegment).Select(r => (
            Line: ((LineString)r.Location!).Coordinates.Select(p => Local(plane, p)).ToArray(),
            HalfWidth: r.Properties["width"].Value.Number)).ToArray();
        var nearest = double.PositiveInfinity;
        foreach (var plot in OfType(EntityTypes.Building).Concat(OfType(EntityTypes.Hospital)))
        {
            var ring = ((Polygon)plot.Location!).Rings[0].Select(p => Local(plane, p)).ToArray();
            foreach (var (line, halfWidth) in streets)
            {
                for (var i = 1; i < line.Length; i++)
                {
                    var gap = Enumerable.Range(1, ring.Length - 1).Min(k => PlanePoint.SegmentDistance(ring[k - 1], ring[k], line[i - 1], line[i])) - halfWidth;
                    nearest = Math.Min(nearest, gap);
                    Assert.True(gap >= 4.99, $"{plot.Id} reaches within {gap:F2} m of the kerb");
                }
            }
        }
        // ...and near them: the street front is built up.
        Assert.InRange(nearest, 5, 15);
        var footprints = OfType(EntityTypes.Building).Select(b => b.Properties["footprintArea"].Value.Number).ToArray();
        Assert.All(footprints, a => Assert.InRange(a, 200, 2000));
    }

    [Fact]
    public void Should_Build_The_Same_City_From_The_Same_Seed()
    {
        var again = JinanData.City(42);
        Assert.Equal(Fingerprint(City), Fingerprint(again));

        var other = JinanData.City(7);
        Assert.NotEqual(Fingerprint(City), Fingerprint(other));
        // The road network is the data, not the seed: it does not move.
        Assert.Equal(
            Fingerprint(City, EntityTypes.RoadSegment),
            Fingerprint(other, EntityTypes.RoadSegment));
    }

    private static PlanePoint Local(IGeoreference plane, Position p)
    {
        var (east, north) = plane.ToPlane(p);
        return new PlanePoint(east, north);
    }

    private static string Fingerprint(SeededCity city, string? type = null) => string.Join("\n", city.Entities
        .Where(e => type is null || e.Type == type)
        .Select(e => $"{e.Id}|{GeoJson.Write(e.Location!)}|{string.Join(",", e.Properties.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value.Value}"))}|{string.Join(",", e.Relationships.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value.Object}"))}"));
}
