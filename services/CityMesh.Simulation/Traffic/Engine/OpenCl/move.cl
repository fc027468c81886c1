// LaneMover.MoveLane in two launches: the per-vehicle update (one work-item per vehicle on the road), then the
// per-lane sums (one work-item per occupied lane) added in front-to-back order, as the managed loop adds them, so
// the float sums round the same way.
__kernel void move_vehicles(
    int slots, float dt,
    __global const int* laneVehicles, __global const int* vehicleLane, __global const VehicleParams* vehicles,
    __global const float* laneSpeed, __global const float* nextSpeed,
    __global float* speed, __global float* position, __global float* waitingTime, __global float* timeLoss,
    __global float* slotLost)
{
    int k = get_global_id(0);
    if (k >= slots) return;
    int v = laneVehicles[k];
    __global const VehicleParams* p = &vehicles[v];
    float s = nextSpeed[v];
    speed[v] = s;
    position[v] += s * dt;
    if (s < HALTING_SPEED) waitingTime[v] += dt;
    float ideal = net_min(p->maxSpeed, laneSpeed[vehicleLane[v]] * p->speedFactor);
    float lost = ideal > 0.0f ? dt * net_max(0.0f, 1.0f - s / ideal) : 0.0f;
    timeLoss[v] += lost;
    slotLost[k] = lost;
}

// Output per occupied lane a: halting count, Σ speed, occupancy (min(1, Σ length / lane length)), Σ time lost,
// Σ waiting; the host adds them into LaneTally's double accumulators.
__kernel void tally_lanes(
    int activeCount, float dt,
    __global const int* activeLanes, __global const int* laneFirst, __global const int* laneVehicles,
    __global const VehicleParams* vehicles, __global const float* laneLength,
    __global const float* speed, __global const float* slotLost,
    __global int* halting, __global float* sums)
{
    int a = get_global_id(0);
    if (a >= activeCount) return;
    int lane = activeLanes[a];
    float speedSum = 0.0f, occupied = 0.0f, timeLoss = 0.0f, waiting = 0.0f;
    int halted = 0;
    for (int k = laneFirst[lane]; k < laneFirst[lane + 1]; k++)
    {
        int v = laneVehicles[k];
        float s = speed[v];
        if (s < HALTING_SPEED)
        {
            waiting += dt;
            halted++;
        }
        timeLoss += slotLost[k];
        speedSum += s;
        occupied += vehicles[v].length;
    }
    halting[a] = halted;
    sums[4 * a + 0] = speedSum;
    sums[4 * a + 1] = net_min(1.0f, occupied / laneLength[lane]);
    sums[4 * a + 2] = timeLoss;
    sums[4 * a + 3] = waiting;
}
