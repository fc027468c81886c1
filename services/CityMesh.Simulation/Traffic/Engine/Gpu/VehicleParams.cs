using System.Runtime.InteropServices;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>A vehicle's constant parameters in one record, so a kernel reads them with one indexed load (ten 4-byte fields, no padding).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct VehicleParams(
    float Length, float MinGap, float Accel, float Decel, float EmergencyDecel, float Sigma, float Tau, float MaxSpeed,
    float SpeedFactor, int RouteEnd, uint Class)
{
    public static VehicleParams[] From(Fleet f)
    {
        var all = new VehicleParams[Math.Max(1, f.Count)];
        for (int v = 0; v < f.Count; v++)
            all[v] = new(f.Length[v], f.MinGap[v], f.Accel[v], f.Decel[v], f.EmergencyDecel[v], f.Sigma[v], f.Tau[v], f.MaxSpeed[v],
                f.SpeedFactor[v], f.RouteEnd[v], f.Class[v]);
        return all;
    }
}
