using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>A .sumocfg's input files, from its folder as SUMO reads them, and every option CityMesh does not apply named.</summary>
public sealed class SumoConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-sumocfg-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string body)
    {
        var path = Path.Combine(_directory, "run.sumocfg");
        File.WriteAllText(path, body);
        return path;
    }

    [Fact]
    public void Files_come_from_the_configurations_folder_and_extra_route_files_join_the_additional_ones()
    {
        var configuration = SumoConfiguration.Read(Write("""
            <configuration>
                <input>
                    <net-file value="city.net.xml"/>
                    <route-files value="cars.rou.xml, sub/buses.rou.xml"/>
                    <additional-files value="tls.add.xml"/>
                </input>
                <time><begin value="0"/><end value="3600"/><step-length value="0.5"/></time>
                <report><verbose value="true"/><no-step-log value="true"/><tripinfo-output value="t.xml"/></report>
            </configuration>
            """));

        Assert.Equal(Path.Combine(_directory, "city.net.xml"), configuration.Network);
        Assert.Equal(Path.Combine(_directory, "cars.rou.xml"), configuration.Routes);
        Assert.Equal([Path.Combine(_directory, "sub", "buses.rou.xml"), Path.Combine(_directory, "tls.add.xml")], configuration.Additional);
        // The run options a simulation takes are kept; SUMO's own logs and outputs are neither kept nor named.
        Assert.Equal((3600.0, 0.5), (configuration.End, configuration.StepLength));
        Assert.Empty(configuration.NotApplied);
    }

    [Fact]
    public void A_configuration_without_a_network_or_routes_is_refused_saying_so()
    {
        Assert.Contains("names no net-file", Assert.Throws<TrafficImportException>(() =>
            SumoConfiguration.Read(Write("""<c><route-files value="a.rou.xml"/></c>"""))).Message);
        Assert.Contains("names no route-files", Assert.Throws<TrafficImportException>(() =>
            SumoConfiguration.Read(Write("""<c><net-file value="a.net.xml"/></c>"""))).Message);
    }

    [SumoExamplesFact]
    public void SUMOs_A10_game_configuration_names_its_network_and_seven_route_files()
    {
        var configuration = SumoConfiguration.Read(Path.Combine(Path.GetDirectoryName(SumoExamples.A10)!, "..", "A10KW.sumocfg"));
        Assert.Equal(Path.GetFullPath(SumoExamples.A10), configuration.Network);
        Assert.Equal(Path.GetFullPath(SumoExamples.A10Routes), configuration.Routes);
        Assert.Equal(6 + 2, configuration.Additional.Count); // six more route files, then its two additional files
        Assert.Equal((1800.0, 0.5, 0.0), (configuration.End, configuration.StepLength, configuration.TimeToTeleport));
        // What CityMesh does not take is named for the caller to say so.
        Assert.Equal(["ignore-route-errors=true", "device.rerouting.adaptation-steps=180"], configuration.NotApplied);
    }
}
