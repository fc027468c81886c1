namespace CityMesh.Compute.Tests;

/// <summary>The OpenCL C 1.2 the tests run: one program with both kernels, so PoCL compiles it once.</summary>
internal static class Kernels
{
    public const string Source = """
        __kernel void vector_add(__global const float* a, __global const float* b, __global float* sum, const int n)
        {
            int i = get_global_id(0);
            if (i < n)
                sum[i] = a[i] + b[i];
        }

        // One partial sum per work group, a tree over local memory; the host adds the partials.
        __kernel void reduce_sum(__global const float* values, __global float* partials, __local float* scratch, const int n)
        {
            int gid = get_global_id(0);
            int lid = get_local_id(0);
            scratch[lid] = gid < n ? values[gid] : 0.0f;
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int stride = get_local_size(0) / 2; stride > 0; stride /= 2)
            {
                if (lid < stride)
                    scratch[lid] += scratch[lid + stride];
                barrier(CLK_LOCAL_MEM_FENCE);
            }
            if (lid == 0)
                partials[get_group_id(0)] = scratch[0];
        }
        """;

    // The error sits on line 3: the build log has to say so.
    public const string SyntaxError = """
        __kernel void broken(__global float* x)
        {
            x[0] = 1.0f +;
        }
        """;
}
