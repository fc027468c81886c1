using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

public sealed class WorkSizeTests
{
    [Theory]
    [InlineData(0, 64, 0)]
    [InlineData(1, 64, 64)]
    [InlineData(64, 64, 64)]
    [InlineData(1000, 64, 1024)]
    public void RoundUp_gives_the_next_multiple(long value, long multiple, long expected) =>
        Assert.Equal(expected, ClWorkSize.RoundUp(value, multiple));

    [Fact]
    public void GroupCount_covers_the_tail() => Assert.Equal(16, ClWorkSize.GroupCount(1000, 64));

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Equal("multiple", Assert.Throws<ArgumentOutOfRangeException>(() => ClWorkSize.RoundUp(10, 0)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => ClWorkSize.RoundUp(-1, 4)).ParamName);
    }

    [Fact]
    public void NDRange_knows_its_dimensions()
    {
        Assert.Equal((1, 100L), (((ClNDRange)100).Dimensions, ((ClNDRange)100).Count));
        Assert.Equal((2, 12L), (new ClNDRange(3, 4).Dimensions, new ClNDRange(3, 4).Count));
        Assert.Equal("2x3x4", new ClNDRange(2, 3, 4).ToString());
    }

    [Theory]
    [InlineData(null, "-cl-std=CL1.2")]
    [InlineData("  ", "-cl-std=CL1.2")]
    [InlineData("-DN=4", "-cl-std=CL1.2 -DN=4")]
    [InlineData("-cl-std=CL1.1 -DN=4", "-cl-std=CL1.1 -DN=4")]
    public void Build_options_default_to_OpenCL_C_1_2(string? options, string expected) =>
        Assert.Equal(expected, ClBuildOptions.Normalize(options));

    [Fact]
    public void Cache_directory_follows_the_variables_in_order()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
            name => variables.FirstOrDefault(v => v.Name == name).Value;

        Assert.Equal("/c", ClCacheDirectory.Resolve(Env(("CITYMESH_CACHE_DIR", "/c"), ("XDG_CACHE_HOME", "/x"), ("HOME", "/h"))));
        Assert.Equal("/x/citymesh/opencl", ClCacheDirectory.Resolve(Env(("XDG_CACHE_HOME", "/x"), ("HOME", "/h"))));
        Assert.Equal("/h/.cache/citymesh/opencl", ClCacheDirectory.Resolve(Env(("XDG_CACHE_HOME", "relative"), ("HOME", "/h"))));
        Assert.Equal("/h/.cache/citymesh/opencl", ClCacheDirectory.Resolve(Env(("HOME", "/h"))));
    }
}
