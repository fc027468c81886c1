using System.Text.Json;

namespace CityMesh.Sensors.Tests;

/// <summary>The roster read from NGSI-LD normalized JSON written by hand, as any twin may send it.</summary>
public sealed class RosterFromJsonTests
{
    private static IReadOnlyList<JsonElement> Entities(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone())];

    [Fact]
    public void Should_Take_Static_Attributes_From_Properties_Relationships_And_Locations()
    {
        var roster = TelemetrySimulatorRoster.From(Entities("""
            [
              {"id": "urn:ngsi-ld:Intersection:c:hub", "type": "Intersection",
               "signalised": {"type": "Property", "value": true},
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.0, 36.0]}}},
              {"id": "urn:ngsi-ld:RoadSegment:c:road_in", "type": "RoadSegment",
               "totalLaneNumber": {"type": "Property", "value": 4}, "maxSpeed": {"type": "Property", "value": 60},
               "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[117.01, 36.0], [117.001, 36.0]]}}},
              {"id": "urn:ngsi-ld:TrafficFlowObserved:c:d1", "type": "TrafficFlowObserved",
               "refRoadSegment": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:c:road_in"},
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.005, 36.0]}}},
              {"id": "urn:ngsi-ld:AirQualityObserved:c:a1", "type": "AirQualityObserved",
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.005, 36.001]}}},
              {"id": "urn:ngsi-ld:Substation:c:s1", "type": "Substation", "capacity": {"type": "Property", "value": 8000}},
              {"id": "urn:ngsi-ld:PVSystem:c:p1", "type": "PVSystem", "capacity": {"type": "Property", "value": 120},
               "refSubstation": {"type": "Relationship", "object": "urn:ngsi-ld:Substation:c:s1"}},
              {"id": "urn:ngsi-ld:WaterMain:c:w1", "type": "WaterMain", "diameter": {"type": "Property", "value": 500}},
              {"id": "urn:ngsi-ld:FloodGauge:c:f1", "type": "FloodGauge", "alertLevel": {"type": "Property", "value": 2.5}},
              {"id": "urn:ngsi-ld:TrafficSignal:c:t1", "type": "TrafficSignal",
               "phases": {"type": "Property", "value": [{"name": "ns", "duration": 30}, {"name": "ew", "duration": 25}, {"name": "all-red", "duration": 0}]}}
            ]
            """));

        var detector = Assert.Single(roster.Detectors);
        Assert.Equal((4, 60.0, true, "road_in"), (detector.Lanes, detector.FreeSpeed, detector.Inbound, detector.Road));
        Assert.Equal(117.005, detector.Location!.Value.Longitude);
        var station = Assert.Single(roster.AirQualityStations);
        Assert.Equal(0, Assert.Single(station.Roads).DetectorIndex);
        var substation = Assert.Single(roster.Substations);
        Assert.Equal((8000.0, 0), (substation.Capacity, Assert.Single(substation.SolarArrays)));
        Assert.Equal(("urn:ngsi-ld:Substation:c:s1", 120.0), (roster.SolarArrays[0].SubstationId, roster.SolarArrays[0].Capacity));
        Assert.Equal(500, Assert.Single(roster.WaterMains).Diameter);
        Assert.Equal(2.5, Assert.Single(roster.FloodGauges).AlertLevel);
        // A phase without a positive duration is no phase of the cycle.
        Assert.Equal([30.0, 25.0], Assert.Single(roster.Signals).PhaseDurations);
        Assert.Equal(7, roster.SensorCount);
    }

    [Fact]
    public void Should_Fall_Back_To_Typical_Values_When_Attributes_Are_Missing_Or_Of_Another_Shape()
    {
        var roster = TelemetrySimulatorRoster.From(Entities("""
            [
              {"id": "urn:ngsi-ld:TrafficFlowObserved:c:lone", "type": "TrafficFlowObserved",
               "refRoadSegment": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:c:gone"},
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [500, 36.0]}}},
              {"id": "urn:ngsi-ld:TrafficFlowObserved:c:counted", "type": "TrafficFlowObserved", "laneCount": {"type": "Property", "value": 3}},
              {"id": "urn:ngsi-ld:AirQualityObserved:c:nowhere", "type": "AirQualityObserved"},
              {"id": "urn:ngsi-ld:Substation:c:s", "type": "Substation", "capacity": {"type": "Property", "value": "large"}},
              {"id": "urn:ngsi-ld:PVSystem:c:p", "type": "PVSystem"},
              {"id": "urn:ngsi-ld:WaterMain:c:w", "type": "WaterMain"},
              {"id": "urn:ngsi-ld:FloodGauge:c:f", "type": "FloodGauge", "alertLevel": {"type": "Relationship", "object": "urn:ngsi-ld:Thing:c:x"}},
              {"id": "urn:ngsi-ld:TrafficSignal:c:none", "type": "TrafficSignal", "phases": {"type": "Property", "value": "[]"}},
              {"id": "urn:ngsi-ld:Building:c:b", "type": "Building"}
            ]
            """));

        // A detector whose road the twin does not hold, with an invalid location: two lanes at 50 km/h, nowhere.
        var lone = roster.Detectors.Single(d => d.Id.EndsWith(":lone", StringComparison.Ordinal));
        Assert.Equal((2, 50.0, false, null, null), (lone.Lanes, lone.FreeSpeed, lone.Inbound, lone.Road, lone.Location));
        Assert.Equal(3, roster.Detectors.Single(d => d.Id.EndsWith(":counted", StringComparison.Ordinal)).Lanes);
        Assert.Empty(Assert.Single(roster.AirQualityStations).Roads);
        Assert.Equal(20_000, Assert.Single(roster.Substations).Capacity);
        Assert.Equal((50.0, null), (roster.SolarArrays[0].Capacity, roster.SolarArrays[0].SubstationId));
        Assert.Equal(300, Assert.Single(roster.WaterMains).Diameter);
        Assert.Equal(1.5, Assert.Single(roster.FloodGauges).AlertLevel);
        // A signal without phases has no cycle to play.
        Assert.Empty(roster.Signals);
    }
}
