using CityMesh.Simulation.Air.Data;
using CityMesh.Simulation.Air.Field;

namespace CityMesh.Simulation.Air.Evaluation;

/// <summary>Leave-one-out errors of the field against the nearest-station baseline, one pollutant, over the test hours.</summary>
public sealed record FieldRow(string Pollutant, double FieldMae, double NearestMae, double FieldBias, long Points)
{
    public double Improvement => 100 * (1 - FieldMae / NearestMae);
}

/// <summary>The bar: the field's leave-one-out MAE below the nearest station's for every pollutant.</summary>
public sealed record FieldEvaluationReport(int Stations, int Hours, double Power, IReadOnlyList<FieldRow> Rows)
{
    public bool Passes => Rows.All(r => r.Improvement > 0);
}

/// <summary>Each station, each test hour, predicted from the others (<see cref="AirField.LeaveOneOut"/>).</summary>
public static class FieldEvaluation
{
    public static FieldEvaluationReport Run(AirDataset data, int testDays, AirFieldOptions? options = null)
    {
        var o = options ?? new AirFieldOptions();
        var first = (data.Options.Days - testDays) * 24;
        var rows = new List<FieldRow>();
        foreach (var (pollutant, series) in data.Values)
        {
            double field = 0, nearest = 0, bias = 0;
            long points = 0;
            for (var t = first; t < data.Hours; t++)
            {
                var values = data.Stations.Select((s, i) => new AirStationValue(s.Id, s.Longitude, s.Latitude, series[i][t])).ToArray();
                foreach (var (station, interpolated, near) in AirField.LeaveOneOut(values, o))
                {
                    field += Math.Abs(interpolated - station.Value);
                    nearest += Math.Abs(near - station.Value);
                    bias += interpolated - station.Value;
                    points++;
                }
            }
            rows.Add(new FieldRow(pollutant, field / points, nearest / points, bias / points, points));
        }
        return new FieldEvaluationReport(data.Stations.Count, data.Hours - first, o.Power, rows);
    }
}
