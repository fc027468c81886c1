// Shared by every traffic kernel; the host concatenates the .cl files of this folder into one program, this first.
// No contraction into fused multiply-adds: the managed oracle rounds after every operation, so must we.
#pragma OPENCL FP_CONTRACT OFF

// SUMO's 0.1 m/s: below it a vehicle counts as waiting or halting (TrafficState.HaltingSpeed).
#define HALTING_SPEED 0.1f

// LinkState (a byte per connection), in the managed enum's order.
#define LINK_MAJOR 0
#define LINK_MINOR 1
#define LINK_YELLOW 2
#define LINK_RED 3

// .NET's MathF.Min / MathF.Max (IEEE 754-2019 minimum/maximum: NaN wins, -0 < +0). OpenCL's fmin/fmax return the
// other operand for NaN and may pick either zero, so they could differ from the oracle in a sign bit.
float net_min(float x, float y)
{
    if (x != y) return isnan(x) ? x : (x < y ? x : y);
    return signbit(x) ? x : y;
}

float net_max(float x, float y)
{
    if (x != y) return isnan(x) ? x : (y < x ? x : y);
    return signbit(y) ? x : y;
}
