using CityMesh.Simulation.Geo;
using CityMesh.Simulation.Tests.Import;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>A city seeded from a SUMO network: the network's own geometry, placed by its own projection.</summary>
public sealed class SumoCityTests : IDisposable
{
    /// <summary>
    /// The A10 network's origBoundary: the extent of the OpenStreetMap extract it was converted from, longitude and
    /// latitude, as SUMO wrote it (to 6 decimals: 0.11 m of latitude, 0.07 m of longitude).
    /// </summary>
    private static readonly BoundingBox A10Extract = new(13.576712, 52.291597, 13.630952, 52.319872);

    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-sumo-city-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CityOptions Sumo(string network, string name = "A10KW") => new()
    {
        Enabled = true,
        Name = name,
        RoadNetwork = network,
        RoadNetworkFormat = RoadNetworkFormat.Sumo,
    };

    private static IEnumerable<Entity> OfType(SeededCity city, string type) => city.Entities.Where(e => e.Type == type);

    /// <summary>The grid with another location element, as netconvert writes one for a projected network.</summary>
    private string GridAt(string location)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.net.xml");
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(SumoExamples.Grid()), "<location [^>]*/>", location));
        return path;
    }

    [SumoExamplesFact]
    public void The_A10_networks_junctions_fall_on_the_latitudes_of_the_extract_it_was_made_from()
    {
        // Junctions stand on the OpenStreetMap nodes the extract's boundary was measured on: its southernmost and
        // northernmost ones must land on the boundary's latitudes, to its 6 decimals (0.11 m) and SUMO's 2 (1 cm).
        // Its west and east sides are no check: the extract reaches 330 m west and 860 m east of what is left of the
        // network. Nor are the corners of convBoundary, a rectangle in UTM: at 13.6° E the UTM grid is turned 1.1°
        // from the meridians, which moves a corner 3 km along its side up to 48 m off the extract's.
        // Every junction of the file, those only footways reach included (the twin leaves those out).
        var network = CityRoadNetwork.Load(Sumo(SumoExamples.A10));
        var junctions = SumoNetworkReader.Read(SumoExamples.A10).Junctions.Select(j => network.Georeference.ToWgs84(j.Position.X, j.Position.Y)).ToList();

        var south = junctions.MinBy(p => p.Latitude);
        var north = junctions.MaxBy(p => p.Latitude);
        Assert.InRange(GeoMath.HaversineMetres(south, south with { Latitude = A10Extract.MinLatitude }), 0, 0.25);
        Assert.InRange(GeoMath.HaversineMetres(north, north with { Latitude = A10Extract.MaxLatitude }), 0, 0.25);
        Assert.All(junctions, p => Assert.True(A10Extract.Contains(p.Longitude, p.Latitude), $"{p} is outside the extract"));
    }

    [SumoExamplesFact]
    public void Seeding_A10_puts_its_roads_in_Berlin_inside_the_extract()
    {
        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(SumoExamples.A10)), Sumo(SumoExamples.A10));

        var roads = OfType(city, EntityTypes.RoadSegment).ToList();
        Assert.Equal(462, roads.Count); // 509 edges, less 47 footways and cycle paths
        // A road's line is the edge of its lanes beside the OpenStreetMap way: a few metres' margin.
        var extract = new BoundingBox(A10Extract.MinLongitude - 0.0001, A10Extract.MinLatitude - 0.0001, A10Extract.MaxLongitude + 0.0001, A10Extract.MaxLatitude + 0.0001);
        Assert.All(roads, r => Assert.All(((LineString)r.Location!).Coordinates, p => Assert.True(extract.Contains(p.Longitude, p.Latitude), $"{r.Id} has {p}")));
        // Near 52.30 N 13.60 E, the A10 interchange at Königs Wusterhausen.
        Assert.Contains(roads, r => ((LineString)r.Location!).Coordinates.Any(p => GeoMath.HaversineMetres(p, new Position(13.60, 52.30)) < 1000));
        Assert.Equal(462, OfType(city, EntityTypes.TrafficFlowObserved).Count());
    }

    [SumoExamplesFact]
    public void A10_ids_keep_SUMOs_ids_escaped_where_a_urn_needs_it_and_names_keep_them_whole()
    {
        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(SumoExamples.A10)), Sumo(SumoExamples.A10));

        var road = city.Entities.Single(e => e.Id == "urn:ngsi-ld:RoadSegment:a10kw:-156640643%231");
        Assert.Equal("-156640643#1", road.Properties["name"].Value.Text);
        Assert.All(city.Entities, e => Assert.True(EntityIdSyntax.IsValid(e.Id), e.Id));
        Assert.DoesNotContain(city.Entities, e => e.Id.Contains('#', StringComparison.Ordinal));
        var detector = city.Entities.Single(e => e.Id == "urn:ngsi-ld:TrafficFlowObserved:a10kw:-156640643%231");
        Assert.Equal(road.Id, detector.Relationships["refRoadSegment"].Object);
        var ids = city.Entities.Select(e => e.Id).ToHashSet();
        Assert.All(city.Entities, e => Assert.All(e.Relationships, r => Assert.Contains(r.Value.Object, ids)));
    }

    [SumoExamplesFact]
    public void A10s_intersections_keep_SUMOs_junction_types()
    {
        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(SumoExamples.A10)), Sumo(SumoExamples.A10));

        // The intersections the roads reach (footway-only junctions are left out with their footways).
        var types = OfType(city, EntityTypes.Intersection).Select(i => i.Properties["junctionType"].Value.Text).ToList();
        Assert.Equal(2, types.Count(t => t == "traffic_light"));
        Assert.Contains("right_before_left", types);
        Assert.Contains("priority", types);
        Assert.All(types, t => Assert.Contains(t, new[] { "priority", "right_before_left", "traffic_light", "dead_end" }));
        Assert.Equal("traffic_light", city.Entities.Single(e => e.Id == "urn:ngsi-ld:Intersection:a10kw:cluster_21432412_32500298")
            .Properties["junctionType"].Value.Text);
    }

    [SumoExamplesFact]
    public void A10s_lights_are_signals_with_their_programmes_phases()
    {
        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(SumoExamples.A10)), Sumo(SumoExamples.A10));

        var signals = OfType(city, EntityTypes.TrafficSignal).ToList();
        Assert.Equal(2, signals.Count);
        var signal = signals.Single(s => s.Id == "urn:ngsi-ld:TrafficSignal:a10kw:cluster_21432412_32500298");
        var phases = JsonSerializer.Deserialize<SignalPhase[]>(signal.Properties["phases"].Value.Text!, JsonSerializerOptions.Web)!;
        Assert.Equal([4.0, 2, 10000], phases.Select(p => p.Duration));
        // Yellow and all-red give way to no movement; the long green to some, each from one road to another.
        Assert.Empty(phases[0].Movements);
        Assert.Empty(phases[1].Movements);
        Assert.NotEmpty(phases[2].Movements);
        Assert.All(phases[2].Movements, m => Assert.StartsWith("urn:ngsi-ld:RoadSegment:a10kw:", m.From));
        Assert.Equal(10006, signal.Properties["cycleLength"].Value.Number);
    }

    [SumoExamplesFact]
    public void A10_gets_a_city_around_its_roads()
    {
        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(SumoExamples.A10)), Sumo(SumoExamples.A10));

        var counts = city.CountByType;
        Assert.True(counts[EntityTypes.Building] > 100, $"{counts[EntityTypes.Building]} buildings");
        Assert.True(counts[EntityTypes.Hospital] >= 1);
        Assert.True(counts[EntityTypes.Substation] >= 1);
        var buildings = OfType(city, EntityTypes.Building).SelectMany(b => ((Polygon)b.Location!).Rings[0]).ToList();
        Assert.All(buildings, p => Assert.True(A10Extract.Contains(p.Longitude, p.Latitude), $"a building corner at {p}"));
    }

    [SumoExamplesFact]
    public void Pasubio_has_no_projection_and_is_anchored_at_the_anchor_as_CityFlow_networks_are()
    {
        // Bologna's Via Pasubio, placed by hand at Piazza Maggiore.
        var options = Sumo(SumoExamples.Pasubio("pasubio_buslanes.net.xml"), "Pasubio") with { AnchorLatitude = 44.4938, AnchorLongitude = 11.3426 };

        var network = CityRoadNetwork.Load(options);
        var city = CityGenerator.Build(network, options);

        var plane = Assert.IsType<LocalTangentPlane>(network.Georeference);
        Assert.Equal((44.4938, 11.3426), (plane.AnchorLatitude, plane.AnchorLongitude));
        var junction = network.Network.Intersections[0];
        var entity = city.Entities.Single(e => e.Id == TrafficNetworkImport.EntityId(EntityTypes.Intersection, "pasubio", junction.Id));
        var at = ((Point)entity.Location!).Coordinates;
        var expected = plane.ToWgs84(junction.Point.X, junction.Point.Y);
        Assert.Equal(expected.Longitude, at.Longitude, 9);
        Assert.Equal(expected.Latitude, at.Latitude, 9);
        // The network spans 1.8 × 1.4 km north-east of its (0, 0).
        Assert.All(OfType(city, EntityTypes.Intersection), i =>
        {
            var p = ((Point)i.Location!).Coordinates;
            Assert.InRange(GeoMath.HaversineMetres(p, new Position(11.3426, 44.4938)), 0, 2400);
            Assert.True(p.Latitude >= 44.4938 - 1e-9 && p.Longitude >= 11.3426 - 1e-9, $"{i.Id} at {p}");
        });
        Assert.True(city.CountByType[EntityTypes.TrafficSignal] > 0);
    }

    [SumoExamplesFact]
    public void Additional_files_bring_the_programmes_that_run_into_the_twins_signals()
    {
        // Light 218 holds Pasubio's junction 0 and 17 links; a programme of two phases replaces the network's own.
        var additional = Path.Combine(_directory, "retimed.add.xml");
        File.WriteAllText(additional, """
            <additional>
                <tlLogic id="218" type="static" programID="retimed" offset="0">
                    <phase duration="50" state="GGGGGGGGGGGGGGGGG"/>
                    <phase duration="7" state="rrrrrrrrrrrrrrrrr"/>
                </tlLogic>
            </additional>
            """);
        var plain = Sumo(SumoExamples.Pasubio("pasubio_buslanes.net.xml"), "Pasubio");
        var retimed = plain with { SumoAdditional = [additional] };

        SignalPhase[] Phases(CityOptions options)
        {
            var city = CityGenerator.Build(CityRoadNetwork.Load(options), options);
            var signal = city.Entities.Single(e => e.Id == "urn:ngsi-ld:TrafficSignal:pasubio:0");
            return JsonSerializer.Deserialize<SignalPhase[]>(signal.Properties["phases"].Value.Text!, JsonSerializerOptions.Web)!;
        }

        Assert.Equal([31.0, 4, 6], Phases(plain).Take(3).Select(p => p.Duration));
        var phases = Phases(retimed);
        Assert.Equal([50.0, 7], phases.Select(p => p.Duration));
        Assert.NotEmpty(phases[0].Movements);
        Assert.Empty(phases[1].Movements);
    }

    [Fact]
    public void A_network_projected_in_UTM_lands_where_its_projection_puts_it()
    {
        var path = GridAt("""<location netOffset="-402990.32,-5794389.48" convBoundary="0,0,400,400" origBoundary="13.58,52.29,13.59,52.30" projParameter="+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs"/>""");

        var city = CityGenerator.Build(CityRoadNetwork.Load(Sumo(path, "Grid")), Sumo(path, "Grid"));

        // B1 is at (200, 200) in the network: easting 403,190.32 and northing 5,794,589.48 in zone 33.
        var b1 = ((Point)city.Entities.Single(e => e.Id == "urn:ngsi-ld:Intersection:grid:B1").Location!).Coordinates;
        var expected = new UtmGeoreference(33, north: true).ToWgs84(403_190.32, 5_794_589.48);
        Assert.InRange(GeoMath.HaversineMetres(b1, expected), 0, 0.001);
        Assert.InRange(b1.Latitude, 52.29, 52.30);
        var roads = city.Entities.Where(e => e.Type == EntityTypes.RoadSegment).ToList();
        Assert.Equal(24, roads.Count);
    }

    [Fact]
    public void A_projection_CityMesh_cannot_honour_is_refused_naming_the_setting_and_the_attribute()
    {
        var path = GridAt("""<location netOffset="0,0" projParameter="+proj=merc +ellps=WGS84"/>""");

        var e = Assert.Throws<InvalidOperationException>(() => CityRoadNetwork.Load(Sumo(path)));

        Assert.Contains($"CityMesh:City:RoadNetwork '{path}'", e.Message);
        Assert.Contains("<location> attribute 'projParameter' '+proj=merc +ellps=WGS84'", e.Message);
        Assert.Contains("+proj=merc is not UTM", e.Message);
    }

    [Fact]
    public void A_network_that_is_not_SUMOs_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CityRoadNetwork.Load(Sumo(JinanData.RoadNetworkPath)));

        Assert.Contains("CityMesh:City:RoadNetwork", e.Message);
        Assert.Contains("is not a valid SUMO network", e.Message);
    }

    [Fact]
    public void Missing_files_are_refused_naming_their_settings()
    {
        var network = Assert.Throws<FileNotFoundException>(() => CityRoadNetwork.Load(Sumo("/nowhere/a10.net.xml")));
        Assert.Contains("CityMesh:City:RoadNetwork", network.Message);
        Assert.Contains("/nowhere/a10.net.xml", network.Message);

        var additional = Assert.Throws<FileNotFoundException>(() => CityRoadNetwork.Load(Sumo(SumoExamples.Grid()) with { SumoAdditional = ["/nowhere/tls.add.xml"] }));
        Assert.Contains("CityMesh:City:SumoAdditional:0", additional.Message);
        Assert.Contains("/nowhere/tls.add.xml", additional.Message);
    }

    [Fact]
    public void Additional_files_without_a_SUMO_network_are_refused_naming_both_settings()
    {
        var options = JinanData.Options() with { SumoAdditional = ["tls.add.xml"] };

        var e = Assert.Throws<InvalidOperationException>(() => options.Validated());

        Assert.Contains("CityMesh:City:SumoAdditional", e.Message);
        Assert.Contains("CityMesh:City:RoadNetworkFormat is CityFlow", e.Message);
    }
}
