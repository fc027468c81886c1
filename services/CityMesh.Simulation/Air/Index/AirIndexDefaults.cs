namespace CityMesh.Simulation.Air.Index;

/// <summary>
/// The default local index: six bands whose bounds are the WHO 2021 levels (<see cref="AirGuidelines"/>), judged on
/// WHO's short-term averaging times (24 h for PM2.5, PM10, NO2, SO2 and CO; 8 h for O3).
/// <list type="bullet">
/// <item>Good: at or below the guideline level (AQG) of every pollutant;</item>
/// <item>Fair: up to the strictest interim target (IT4 for particles, IT2 for NO2, O3 and SO2, IT1 for CO);</item>
/// <item>Moderate: up to IT3 (particles only);</item>
/// <item>Poor: up to IT2 for particles, IT1 for NO2, O3 and SO2;</item>
/// <item>Very poor: up to IT1 (particles only);</item>
/// <item>Extremely poor: above IT1, or above CO's IT1.</item>
/// </list>
/// A gas with fewer interim targets skips the bands it has none for (see <see cref="AirBand"/>): the index invents no
/// levels. Colours follow the European Air Quality Index's palette; messages paraphrase its health advice, with
/// children, older people and people with heart or lung conditions as the sensitive group.
/// </summary>
public static class AirIndexDefaults
{
    // Before Definition: static initialisers run in textual order.
    private static readonly string[] Particles = [Pollutants.Pm25, Pollutants.Pm10];

    public static AirIndexDefinition Definition { get; } = Build();

    private static AirIndexDefinition Build()
    {
        var hours = new Dictionary<string, int>
        {
            [Pollutants.Pm25] = AirAveraging.Day, [Pollutants.Pm10] = AirAveraging.Day, [Pollutants.No2] = AirAveraging.Day,
            [Pollutants.O3] = AirAveraging.EightHours, [Pollutants.So2] = AirAveraging.Day, [Pollutants.Co] = AirAveraging.Day,
        };
        Dictionary<string, double> Bounds(params (string Pollutant, string Level)[] levels) =>
            levels.ToDictionary(l => l.Pollutant, l => AirGuidelines.Value(l.Pollutant, hours[l.Pollutant], l.Level));
        return new AirIndexDefinition
        {
            AveragingHours = hours,
            Bands =
            [
                new("Good", "#50F0E6", Bounds([.. Pollutants.All.Select(p => (p, "AQG"))]),
                    "The air quality is good. Enjoy your usual outdoor activities.",
                    "Enjoy your usual outdoor activities."),
                new("Fair", "#50CCAA",
                    Bounds((Pollutants.Pm25, "IT4"), (Pollutants.Pm10, "IT4"), (Pollutants.No2, "IT2"), (Pollutants.O3, "IT2"), (Pollutants.So2, "IT2"), (Pollutants.Co, "IT1")),
                    "Enjoy your usual outdoor activities.",
                    "Enjoy your usual outdoor activities; outdoor play at school can go ahead."),
                new("Moderate", "#F0E641", Bounds([.. Particles.Select(p => (p, "IT3"))]),
                    "Enjoy your usual outdoor activities.",
                    "Consider reducing intense outdoor activities if you have symptoms; children can play outside."),
                new("Poor", "#FF5050",
                    Bounds((Pollutants.Pm25, "IT2"), (Pollutants.Pm10, "IT2"), (Pollutants.No2, "IT1"), (Pollutants.O3, "IT1"), (Pollutants.So2, "IT1")),
                    "Consider reducing intense activities outdoors if you have symptoms such as sore eyes, a cough or a sore throat.",
                    "Consider reducing physical activity outdoors, particularly with symptoms; keep children's outdoor play short and calm."),
                new("Very poor", "#960032", Bounds([.. Particles.Select(p => (p, "IT1"))]),
                    "Consider reducing intense activities outdoors if you have symptoms such as sore eyes, a cough or a sore throat.",
                    "Reduce physical activity outdoors; keep children indoors for breaks and sport."),
                new("Extremely poor", "#7D2181", new Dictionary<string, double>(),
                    "Reduce physical activities outdoors.",
                    "Avoid physical activities outdoors; keep children indoors."),
            ],
        };
    }
}
