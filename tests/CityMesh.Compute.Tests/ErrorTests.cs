using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

public sealed class ErrorTests
{
    [Theory]
    [InlineData(ClError.Success, "CL_SUCCESS", 0)]
    [InlineData(ClError.DeviceNotFound, "CL_DEVICE_NOT_FOUND", -1)]
    [InlineData(ClError.ExecStatusErrorForEventsInWaitList, "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST", -14)]
    [InlineData(ClError.KernelArgInfoNotAvailable, "CL_KERNEL_ARG_INFO_NOT_AVAILABLE", -19)]
    [InlineData(ClError.InvalidValue, "CL_INVALID_VALUE", -30)]
    [InlineData(ClError.InvalidGlObject, "CL_INVALID_GL_OBJECT", -60)]
    [InlineData(ClError.InvalidDevicePartitionCount, "CL_INVALID_DEVICE_PARTITION_COUNT", -68)]
    [InlineData(ClError.PlatformNotFoundKhr, "CL_PLATFORM_NOT_FOUND_KHR", -1001)]
    public void Codes_carry_their_C_names(ClError error, string name, int code)
    {
        Assert.Equal(code, (int)error);
        Assert.Equal(name, error.ToClName());
    }

    [Fact]
    public void Every_OpenCL_1_2_code_is_named()
    {
        var codes = Enum.GetValues<ClError>().Select(e => (int)e).ToHashSet();

        Assert.All(Enumerable.Range(-19, 20).Concat(Enumerable.Range(-68, 39)), code => Assert.Contains(code, codes));
        Assert.Equal("CL_ERROR(-9999)", ((ClError)(-9999)).ToClName());
    }

    [Fact]
    public void Message_names_the_function_the_code_and_what_it_means()
    {
        var error = new ClException(ClError.InvalidBufferSize, "clCreateBuffer", "0 bytes");

        Assert.Equal("clCreateBuffer failed with CL_INVALID_BUFFER_SIZE (-61): the buffer size is zero or larger than the device allows. 0 bytes",
            error.Message);
    }

    [Theory]
    [InlineData(ClError.MemObjectAllocationFailure, typeof(ClMemObjectAllocationFailureException))]
    [InlineData(ClError.OutOfResources, typeof(ClOutOfResourcesException))]
    [InlineData(ClError.OutOfHostMemory, typeof(ClOutOfHostMemoryException))]
    [InlineData(ClError.DeviceNotFound, typeof(ClDeviceNotFoundException))]
    [InlineData(ClError.BuildProgramFailure, typeof(ClBuildProgramFailureException))]
    [InlineData(ClError.InvalidBinary, typeof(ClInvalidBinaryException))]
    [InlineData(ClError.InvalidKernelName, typeof(ClInvalidKernelNameException))]
    [InlineData(ClError.InvalidArgIndex, typeof(ClInvalidArgException))]
    [InlineData(ClError.InvalidArgValue, typeof(ClInvalidArgException))]
    [InlineData(ClError.InvalidArgSize, typeof(ClInvalidArgException))]
    [InlineData(ClError.InvalidKernelArgs, typeof(ClInvalidArgException))]
    [InlineData(ClError.InvalidWorkGroupSize, typeof(ClInvalidWorkGroupSizeException))]
    [InlineData(ClError.InvalidContext, typeof(ClException))]
    public void Common_codes_raise_named_exceptions(ClError code, Type expected)
    {
        var error = Assert.Throws(expected, () => ClException.Check((int)code, "clSomething"));

        Assert.Equal(code, ((ClException)error).Error);
        Assert.Equal("clSomething", ((ClException)error).Function);
    }
}
