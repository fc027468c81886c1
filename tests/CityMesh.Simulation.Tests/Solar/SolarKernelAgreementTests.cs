using CityMesh.Simulation.Solar;
using CityMesh.Simulation.Solar.Gpu;
using CityMesh.Simulation.Solar.Shading;
using CityMesh.Simulation.Tests.EngineGpu;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Solar;

public sealed class SolarKernelAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void The_ILGPU_kernel_on_the_CPU_accelerator_agrees_with_the_managed_path_bit_for_bit()
    {
        // Small: ILGPU's CPU accelerator is far slower than the managed path. Every case is in it: rectangles and
        // L-shapes at angles, flat and pitched roofs (both sides of a gable), neighbours taller and lower, grid cells
        // with several buildings, and a year of suns every 3 hours, low ones included (5 × 5 buildings: ~1 s there).
        var options = new SolarOptions { StepMinutes = 180, GridCellSize = 30 };
        var buildings = SolarCities.Grid(5, seed: 11);
        var suns = SunTable.For(2025, SolarCities.Latitude, SolarCities.Longitude, SolarCities.UtcOffset, options);
        var city = CityBlocks.From(buildings, options.GridCellSize);
        var samples = RoofSamples.For(buildings, city.OriginX, city.OriginY, options.DefaultPitch);
        var managed = new SolarSums(samples.Count, YieldRules.Blocks(suns.Count));
        var ilgpu = new SolarSums(samples.Count, YieldRules.Blocks(suns.Count));

        using (var kernels = new ManagedSolarKernels()) kernels.Run(city, samples, suns, options.Pv.Constants, managed);
        using (var kernels = new IlgpuSolarKernels(CpuAccelerator.Device))
        {
            Assert.StartsWith("ilgpu-cpu: ", kernels.Description, StringComparison.Ordinal);
            kernels.Run(city, samples, suns, options.Pv.Constants, ilgpu);
        }

        // Every shaded/unshaded decision the same: the counts per (sample, block), and the sums they gate, to the bit.
        Assert.Equal(managed.Cast, ilgpu.Cast);
        Assert.Equal(managed.Shaded, ilgpu.Shaded);
        Assert.Equal(managed.Poa, ilgpu.Poa);
        Assert.Equal(managed.Ac, ilgpu.Ac);
        // The case holds: rays were cast, many blocked, many not, on most samples.
        int cast = managed.Cast.Sum(), shaded = managed.Shaded.Sum();
        output.WriteLine($"{samples.Count} samples, {suns.Count} suns, {cast} rays cast, {shaded} shaded");
        Assert.True(cast > 20_000, $"{cast} rays");
        Assert.InRange((double)shaded / cast, 0.05, 0.8);
        Assert.True(samples.Count > 60, $"{samples.Count} samples");
    }

    [Fact]
    public void The_assessment_on_the_CPU_accelerator_is_the_managed_one()
    {
        var options = new SolarOptions { StepMinutes = 120 };
        var buildings = SolarCities.Grid(3, seed: 5);
        var suns = SunTable.For(2025, SolarCities.Latitude, SolarCities.Longitude, SolarCities.UtcOffset, options);

        SolarAssessment managed, ilgpu;
        using (var kernels = new ManagedSolarKernels()) managed = RoofSolar.Assess(buildings, suns, options, kernels);
        using (var kernels = new IlgpuSolarKernels(CpuAccelerator.Device)) ilgpu = RoofSolar.Assess(buildings, suns, options, kernels);

        Assert.Equal(managed.Roofs, ilgpu.Roofs);
        Assert.Contains(managed.Roofs, r => r.ShadedFraction > 0);
    }
}
