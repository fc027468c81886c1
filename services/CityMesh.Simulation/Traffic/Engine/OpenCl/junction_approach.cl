// JunctionApproach.cs: what the road beyond the lane end allows the vehicle approaching it.

#define MAX_LINKS_AHEAD 8
#define MINOR_TIME_GAP 1.0f

bool has_room(const World* w, int v, int conn, float dist)
{
    int to = w->connTo[conn];
    __global const VehicleParams* p = &w->vehicles[v];
    if (lane_count(w, to) == 0) return true;
    if (w->laneFull[to]) return false;
    int tail = lane_back(w, to);
    float arrival = time_to_cover(dist + w->connVia[conn], w->speed[v], p->accel, net_max(w->speed[v], w->laneSpeed[to]));
    float free_ = w->position[tail] - w->vehicles[tail].length + w->speed[tail] * net_max(arrival, w->dt);
    return free_ >= p->length + p->minGap;
}

bool foe_approaching(const World* w, int v, int conn, float dist)
{
    __global const VehicleParams* p = &w->vehicles[v];
    float vmax = net_max(w->laneSpeed[w->connTo[conn]] * p->speedFactor, 1.0f);
    float leave = time_to_cover(dist + w->connVia[conn] + p->length, w->speed[v], p->accel, vmax);
    bool iAmWaiting = w->speed[v] < HALTING_SPEED;
    for (int k = w->foeStart[conn]; k < w->foeStart[conn + 1]; k++)
    {
        int foe = w->foes[k];
        if (w->linkState[foe] == LINK_RED) continue;
        int foeLane = w->connFrom[foe];
        float foeLength = w->laneLength[foeLane];
        int count = lane_count(w, foeLane);
        for (int i = 0; i < count; i++)
        {
            int u = lane_at(w, foeLane, i);
            float foeDist = foeLength - w->position[u];
            if (w->nextConnection[u] != foe)
            {
                if (foeDist < 0.0f) continue; // crossing on another link
                break;                        // the first one before the line heads elsewhere
            }
            if (foeDist < 0.0f) return true;  // crossing on the foe link now
            if (w->speed[u] >= HALTING_SPEED)
            {
                if (foeDist / w->speed[u] < leave + MINOR_TIME_GAP) return true;
            }
            else if (iAmWaiting && w->linkState[foe] == LINK_MINOR && foeDist < 1.0f &&
                     (w->waitingTime[u] > w->waitingTime[v] || (w->waitingTime[u] == w->waitingTime[v] && u < v)))
            {
                return true;
            }
            break;
        }
    }
    return false;
}

bool may_pass(const World* w, int v, int conn, float dist)
{
    if (dist < 0.0f) return true; // already past the line, in the junction
    __global const VehicleParams* p = &w->vehicles[v];
    float speed = w->speed[v];
    float stop = stop_speed(dist, p->decel, p->tau, w->dt);
    bool canStop = stop >= speed - p->decel * w->dt;
    switch (w->linkState[conn])
    {
        case LINK_RED:
            return !(canStop || stop >= speed - p->emergencyDecel * w->dt);
        case LINK_YELLOW:
            return !canStop;
        case LINK_MINOR:
            if (foe_approaching(w, v, conn, dist) && canStop) return false;
            break;
    }
    return has_room(w, v, conn, dist) || !canStop;
}

float junction_limit(const World* w, int v, int lane, float desired)
{
    __global const VehicleParams* p = &w->vehicles[v];
    float dist = w->laneLength[lane] - w->position[v];
    float horizon = desired * net_max(w->dt, p->tau) + desired * desired / (2.0f * p->decel) + p->minGap;
    int routePos = w->routePos[v];
    int conn = w->nextConnection[v];
    float limit = FLT_MAX;
    for (int hop = 0; hop < MAX_LINKS_AHEAD; hop++)
    {
        if (routePos == p->routeEnd - 1) break;
        if (conn < 0) return net_min(limit, stop_speed(dist, p->decel, p->tau, w->dt));
        int to = w->connTo[conn];
        float via = w->connVia[conn];
        bool blocked = dist <= horizon && !may_pass(w, v, conn, dist);
        if (blocked) limit = net_min(limit, stop_speed(dist, p->decel, p->tau, w->dt));
        float vmaxThere = net_min(p->maxSpeed, w->laneSpeed[to] * p->speedFactor);
        if (vmaxThere < desired)
            limit = net_min(limit, approach_speed(dist, vmaxThere, p->decel));
        if (lane_count(w, to) > 0)
        {
            int tail = lane_back(w, to);
            float gap = dist + via + w->position[tail] - w->vehicles[tail].length - p->minGap;
            return net_min(limit, safe_speed(gap, w->speed[tail], w->vehicles[tail].decel, p->decel, p->tau, w->dt));
        }
        if (blocked) return limit;
        dist += via + w->laneLength[to];
        if (dist > horizon) break;
        routePos++;
        int next = routePos + 1 < p->routeEnd ? w->routeEdges[routePos + 1] : -1;
        int after = routePos + 2 < p->routeEnd ? w->routeEdges[routePos + 2] : -1;
        conn = next < 0 ? -1 : choose_connection(w, to, next, after);
    }
    return limit;
}
