// What the speed kernel reads, gathered once per work-item so the helpers below take one pointer. Lanes are the
// host's queues flattened each step: lane l holds laneVehicles[laneFirst[l] .. laneFirst[l+1]), front first.

typedef struct
{
    float length, minGap, accel, decel, emergencyDecel, sigma, tau, maxSpeed, speedFactor;
    int routeEnd;
} VehicleParams; // OpenClVehicleParams on the host, field for field

typedef struct
{
    __global const float* position;
    __global const float* speed;
    __global const float* waitingTime;
    __global const int* nextConnection;
    __global const int* routePos;
    __global const VehicleParams* vehicles;
    __global const int* routeEdges;
    __global const int* laneFirst;
    __global const int* laneVehicles;
    __global const uchar* laneFull;
    __global const uchar* linkState;
    __global const float* laneLength;
    __global const float* laneSpeed;
    __global const int* laneEdge;
    __global const int* laneOutStart;
    __global const int* laneOut;
    __global const int* connFrom;
    __global const int* connTo;
    __global const float* connVia;
    __global const int* foeStart;
    __global const int* foes;
    float dt;
} World;

int lane_count(const World* w, int lane) { return w->laneFirst[lane + 1] - w->laneFirst[lane]; }

int lane_at(const World* w, int lane, int i) { return w->laneVehicles[w->laneFirst[lane] + i]; }

int lane_back(const World* w, int lane) { return w->laneVehicles[w->laneFirst[lane + 1] - 1]; }

// RoadTables.LeadsTo
bool leads_to(const World* w, int lane, int edge)
{
    for (int k = w->laneOutStart[lane]; k < w->laneOutStart[lane + 1]; k++)
        if (w->laneEdge[w->connTo[w->laneOut[k]]] == edge) return true;
    return false;
}

// RoadTables.ChooseConnection
int choose_connection(const World* w, int lane, int nextEdge, int afterEdge)
{
    int fallback = -1;
    for (int k = w->laneOutStart[lane]; k < w->laneOutStart[lane + 1]; k++)
    {
        int c = w->laneOut[k];
        if (w->laneEdge[w->connTo[c]] != nextEdge) continue;
        if (afterEdge < 0 || leads_to(w, w->connTo[c], afterEdge)) return c;
        if (fallback < 0) fallback = c;
    }
    return fallback;
}
