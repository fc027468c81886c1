using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

[Collection(PoclCollection.Name)]
public sealed class BufferTests(PoclFixture pocl)
{
    private readonly record struct Vector3(float X, float Y, float Z);

    [Fact]
    public void Write_then_read_round_trips_at_an_offset()
    {
        using var buffer = pocl.Context.CreateBuffer<int>(10);
        buffer.Fill(-1);
        buffer.Write([1, 2, 3], offset: 4);

        var middle = new int[5];
        buffer.Read(middle, offset: 3);

        Assert.Equal([-1, 1, 2, 3, -1], middle);
        Assert.Equal(10, buffer.Length);
        Assert.Equal(40, buffer.SizeInBytes);
    }

    [Fact]
    public void Fill_sets_a_range()
    {
        using var buffer = pocl.Context.CreateBuffer<double>(6);
        buffer.Fill(0.0);
        buffer.Fill(2.5, offset: 1, count: 3);

        Assert.Equal([0.0, 2.5, 2.5, 2.5, 0.0, 0.0], buffer.ToArray());
    }

    [Fact]
    public void Fill_with_an_element_size_OpenCL_cannot_use_as_a_pattern_writes_from_the_host()
    {
        using var buffer = pocl.Context.CreateBuffer<Vector3>(5);
        buffer.Fill(new Vector3(1, 2, 3));

        Assert.All(buffer.ToArray(), v => Assert.Equal(new Vector3(1, 2, 3), v));
    }

    [Fact]
    public void Lengths_are_checked_naming_the_parameter()
    {
        using var buffer = pocl.Context.CreateBuffer<float>(10);

        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => pocl.Context.CreateBuffer<float>(0)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => pocl.Context.CreateBuffer<float>(long.MaxValue / 2)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => buffer.Write(new float[11])).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => buffer.Write(new float[3], offset: 8)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => buffer.Read(new float[5], offset: 6)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Read(new float[1], offset: -1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentException>(() => buffer.Fill(1f, offset: 5, count: 6)).ParamName);
        var message = Assert.Throws<ArgumentException>(() => buffer.Write(new float[11])).Message;
        Assert.Contains("11 elements starting at element 0 do not fit in a buffer of 10 elements", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_buffer_refuses_use()
    {
        var buffer = pocl.Context.CreateBuffer<float>(4);
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.Write(new float[4]));
    }

    [Fact]
    public void A_disposed_buffer_bound_to_a_kernel_stops_the_launch()
    {
        using var kernel = pocl.Program.CreateKernel("vector_add");
        using var live = pocl.Context.CreateBuffer<float>(4);
        var gone = pocl.Context.CreateBuffer<float>(4);
        kernel.SetArg(0, live);
        kernel.SetArg(1, live);
        kernel.SetArg(2, gone);
        kernel.SetArg(3, 4);
        gone.Dispose();

        Assert.Throws<ObjectDisposedException>(() => kernel.Launch(4));
    }
}
