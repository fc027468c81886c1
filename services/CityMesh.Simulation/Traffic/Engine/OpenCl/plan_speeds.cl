// SpeedPlanner.PlanLane with one work-item per vehicle on the road (slot k of the flattened lanes): each vehicle
// reads only the previous step's state of itself, its lane leader (slot k-1 of the same lane) and the road ahead,
// so vehicles need not be taken in lane order.
__kernel void plan_speeds(
    int slots, float dt, ulong seed, long step,
    __global const float* position, __global const float* speed, __global const float* waitingTime,
    __global const int* vehicleLane, __global const int* nextConnection, __global const int* routePos,
    __global const VehicleParams* vehicles, __global const int* routeEdges,
    __global const int* laneFirst, __global const int* laneVehicles, __global const uchar* laneFull,
    __global const uchar* linkState,
    __global const float* laneLength, __global const float* laneSpeed, __global const int* laneEdge,
    __global const int* laneOutStart, __global const int* laneOut,
    __global const int* connFrom, __global const int* connTo, __global const float* connVia,
    __global const int* foeStart, __global const int* foes,
    __global float* nextSpeed)
{
    int k = get_global_id(0);
    if (k >= slots) return;
    World w = { position, speed, waitingTime, nextConnection, routePos, vehicles, routeEdges, laneFirst, laneVehicles,
                laneFull, linkState, laneLength, laneSpeed, laneEdge, laneOutStart, laneOut, connFrom, connTo, connVia,
                foeStart, foes, dt };
    int v = laneVehicles[k];
    int lane = vehicleLane[v];
    int leader = k > laneFirst[lane] ? laneVehicles[k - 1] : -1;
    __global const VehicleParams* p = &vehicles[v];
    float laneLengthHere = laneLength[lane];
    float current = speed[v];
    float vmax = net_min(p->maxSpeed, laneSpeed[lane] * p->speedFactor);
    float next = net_min(current + p->accel * dt, vmax);
    if (leader >= 0)
    {
        float gap = position[leader] - vehicles[leader].length - p->minGap - position[v];
        next = net_min(next, safe_speed(gap, speed[leader], vehicles[leader].decel, p->decel, p->tau, dt));
    }
    if (leader < 0 || (position[leader] > laneLengthHere && position[v] <= laneLengthHere))
        next = net_min(next, junction_limit(&w, v, lane, next));
    if (p->sigma > 0.0f)
    {
        float u = counter_uniform(seed, v, step, DAWDLE_STREAM);
        next = dawdle(next, current, p->sigma, p->accel, p->decel, dt, u);
    }
    nextSpeed[v] = next;
}
