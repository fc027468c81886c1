using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

[Collection(PoclCollection.Name)]
public sealed class KernelTests(PoclFixture pocl)
{
    [Fact]
    public void Vector_add_matches_a_plain_loop()
    {
        const int n = 1000; // not a multiple of the work-group size: the kernel's bound check matters
        var a = Enumerable.Range(0, n).Select(i => i * 0.5f).ToArray();
        var b = Enumerable.Range(0, n).Select(i => 1f / (i + 1)).ToArray();
        var expected = new float[n];
        for (var i = 0; i < n; i++)
            expected[i] = a[i] + b[i];

        using var bufferA = pocl.Context.CreateBuffer<float>(n, ClMemoryAccess.ReadOnly);
        using var bufferB = pocl.Context.CreateBuffer<float>(n, ClMemoryAccess.ReadOnly);
        using var sum = pocl.Context.CreateBuffer<float>(n, ClMemoryAccess.WriteOnly);
        bufferA.Write(a);
        bufferB.Write(b);
        using var kernel = pocl.Program.CreateKernel("vector_add");
        kernel.SetArg(0, bufferA);
        kernel.SetArg(1, bufferB);
        kernel.SetArg(2, sum);
        kernel.SetArg(3, n);
        const int local = 64;
        kernel.Launch(ClWorkSize.RoundUp(n, local), local);
        pocl.Context.Finish();

        Assert.Equal(expected, sum.ToArray());
    }

    [Fact]
    public void Reduction_over_local_memory_matches_a_plain_loop()
    {
        const int n = 10_007;
        // Whole numbers keep every partial sum exact in float, so tree order and loop order agree bit for bit.
        var values = Enumerable.Range(0, n).Select(i => (float)(i % 17)).ToArray();
        var expected = 0f;
        foreach (var value in values)
            expected += value;

        using var kernel = pocl.Program.CreateKernel("reduce_sum");
        var local = (int)Math.Min(128, PowerOfTwoAtMost(kernel.WorkGroupSize));
        var groups = (int)ClWorkSize.GroupCount(n, local);
        using var input = pocl.Context.CreateBuffer<float>(n, ClMemoryAccess.ReadOnly);
        using var partials = pocl.Context.CreateBuffer<float>(groups, ClMemoryAccess.WriteOnly);
        input.Write(values);
        kernel.SetArg(0, input);
        kernel.SetArg(1, partials);
        kernel.SetLocalMemory<float>(2, local);
        kernel.SetArg(3, n);
        kernel.Launch((long)groups * local, local);

        Assert.Equal(expected, partials.ToArray().Sum());
    }

    [Fact]
    public void Vector_add_runs_on_every_device_found()
    {
        // PoCL here; on a GPU node this is the check that NVIDIA's driver builds and runs the OpenCL 1.2 source.
        var a = Enumerable.Range(0, 300).Select(i => (float)i).ToArray();
        foreach (var device in ClDiscovery.Devices())
        {
            using var context = new ClContext(device, new ClContextOptions(pocl.CacheDirectory));
            using var program = context.BuildProgram(Kernels.Source);
            using var kernel = program.CreateKernel("vector_add");
            using var input = context.CreateBuffer<float>(a.Length, ClMemoryAccess.ReadOnly);
            using var sum = context.CreateBuffer<float>(a.Length, ClMemoryAccess.WriteOnly);
            input.Write(a);
            kernel.SetArg(0, input);
            kernel.SetArg(1, input);
            kernel.SetArg(2, sum);
            kernel.SetArg(3, a.Length);
            kernel.Launch(ClWorkSize.RoundUp(a.Length, 32), 32);

            Assert.Equal(a.Select(x => x + x), sum.ToArray());
        }
    }

    [Fact]
    public void Wrong_kernel_name_throws_the_named_exception()
    {
        var error = Assert.Throws<ClInvalidKernelNameException>(() => pocl.Program.CreateKernel("vector_ad"));

        Assert.Equal(ClError.InvalidKernelName, error.Error);
        Assert.Equal("clCreateKernel", error.Function);
        Assert.Equal("vector_ad", error.KernelName);
        Assert.Contains("CL_INVALID_KERNEL_NAME", error.Message, StringComparison.Ordinal);
        Assert.Contains("'vector_ad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_throws_build_failure_whose_log_names_the_line()
    {
        using var context = new ClContext(pocl.Device, new ClContextOptions(DiskCache: false));

        var error = Assert.Throws<ClBuildProgramFailureException>(() => context.BuildProgram(Kernels.SyntaxError));

        Assert.Equal(ClError.BuildProgramFailure, error.Error);
        var log = Assert.Single(error.Logs);
        Assert.Equal(pocl.Device.Name, log.DeviceName);
        Assert.Contains(":3:", log.Log, StringComparison.Ordinal);
        Assert.Contains("error", log.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(log.Log.Trim(), error.Message, StringComparison.Ordinal);
        Assert.Contains(ClBuildOptions.Standard, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argument_index_past_the_kernels_arguments_names_the_index()
    {
        using var kernel = pocl.Program.CreateKernel("vector_add");

        Assert.Equal(4, kernel.ArgumentCount);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.SetArg(4, 1));
        Assert.Equal("index", error.ParamName);
    }

    [Fact]
    public void Scalar_of_the_wrong_size_throws_invalid_arg()
    {
        using var kernel = pocl.Program.CreateKernel("vector_add");

        var error = Assert.Throws<ClInvalidArgException>(() => kernel.SetArg(3, 1.0));
        Assert.Equal(ClError.InvalidArgSize, error.Error);
    }

    [Fact]
    public void Local_memory_beyond_the_device_is_refused()
    {
        using var kernel = pocl.Program.CreateKernel("reduce_sum");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.SetLocalMemory<float>(2, pocl.Device.LocalMemoryBytes));
        Assert.Equal("elementCount", error.ParamName);
    }

    [Fact]
    public void Launch_with_an_unset_argument_names_it()
    {
        using var kernel = pocl.Program.CreateKernel("vector_add");
        using var buffer = pocl.Context.CreateBuffer<float>(16);
        kernel.SetArg(0, buffer);
        kernel.SetArg(1, buffer);
        kernel.SetArg(3, 16);

        var error = Assert.Throws<InvalidOperationException>(() => kernel.Launch(16));
        Assert.Contains("argument(s) 2 not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_size_that_does_not_divide_the_global_size_is_refused()
    {
        using var kernel = pocl.Program.CreateKernel("vector_add");

        var error = Assert.Throws<ArgumentException>(() => kernel.Launch(100, 64));
        Assert.Equal("local", error.ParamName);
        Assert.Contains("ClWorkSize.RoundUp", error.Message, StringComparison.Ordinal);
    }

    private static long PowerOfTwoAtMost(long value) => 1L << (63 - (int)long.LeadingZeroCount(value));
}
