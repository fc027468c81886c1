using CityMesh.Simulation.Water;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>Two water networks are the same: every node, link, curve, pattern, control, option and time, numbers to 1e-12 relative.</summary>
internal static class NetworkAssert
{
    public static void Same(WaterNetwork original, WaterNetwork back)
    {
        Same(original.Junctions, back.Junctions, j => [j.Elevation, j.EmitterCoefficient, .. j.Demands.Select(d => d.Base)], j => $"{j.Id} {string.Join(",", j.Demands.Select(d => d.Pattern))}");
        Same(original.Reservoirs, back.Reservoirs, r => [r.Head], r => $"{r.Id} {r.Pattern}");
        Same(original.Tanks, back.Tanks, t => [t.Elevation, t.InitialLevel, t.MinLevel, t.MaxLevel, t.Diameter, t.MinVolume, .. t.VolumeCurve?.X ?? [], .. t.VolumeCurve?.Y ?? []], t => $"{t.Id} {t.VolumeCurve is null} {t.CanOverflow}");
        Same(original.Pipes, back.Pipes, p => [p.Length, p.Diameter, p.Roughness, p.MinorLoss], p => $"{p.Id} {p.From} {p.To} {p.Status} {p.CheckValve}");
        Same(original.Pumps, back.Pumps, p => [p.Power, p.Speed, .. p.HeadCurve?.X ?? [], .. p.HeadCurve?.Y ?? []], p => $"{p.Id} {p.From} {p.To} {p.Status} {p.HeadCurve is null} {p.SpeedPattern}");
        Same(original.Valves, back.Valves, v => [v.Diameter, v.Setting, v.MinorLoss, .. v.HeadLossCurve?.X ?? [], .. v.HeadLossCurve?.Y ?? []], v => $"{v.Id} {v.From} {v.To} {v.Type} {v.Status}");
        Same(original.Controls, back.Controls, c => [c.Head, c.Setting ?? 0, c.Time], c => $"{c.Link} {c.Status} {c.Trigger} {c.Node}");
        Assert.Equal(original.Patterns.Keys.Order(), back.Patterns.Keys.Order());
        foreach (var id in original.Patterns.Keys) Assert.Equal(original.Patterns[id].Multipliers, back.Patterns[id].Multipliers);
        Assert.Equal(original.Options, back.Options);
        Assert.Equal(original.Times, back.Times);
    }

    /// <summary>The same items in the same order: their words exactly, their numbers to 1e-12 relative.</summary>
    private static void Same<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, Func<T, double[]> numbers, Func<T, string> words)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(words(expected[i]), words(actual[i]));
            double[] x = numbers(expected[i]), y = numbers(actual[i]);
            Assert.Equal(x.Length, y.Length);
            for (int k = 0; k < x.Length; k++)
                Assert.True(Math.Abs(x[k] - y[k]) <= 1e-12 * Math.Max(1, Math.Abs(x[k])), $"{words(expected[i])}: number {k} was {x[k]:R}, read back {y[k]:R}");
        }
    }
}
