// Krauss.cs, operation for operation (same order, float32, no contraction); see the engine README for the formulas.

float euler_brake_distance(float speed, float decel, float dt)
{
    float step = decel * dt;
    float n = floor(speed / step);
    return dt * (n * speed - step * n * (n + 1.0f) * 0.5f);
}

float speed_for_brake_distance(float distance, float decel, float tau, float dt)
{
    float step = decel * dt;
    float qa = 0.5f * dt * step, qb = step * tau - 0.5f * dt * step;
    float n = net_max(0.0f, floor((sqrt(qb * qb + 4.0f * qa * distance) - qb) / (2.0f * qa)));
    if (n > 0.0f && n * step * tau + qa * n * (n - 1.0f) > distance) n -= 1.0f;
    return (distance + 0.5f * dt * step * n * (n + 1.0f)) / (tau + n * dt);
}

float safe_speed(float gap, float leaderSpeed, float leaderDecel, float decel, float tau, float dt)
{
    float room = gap + euler_brake_distance(leaderSpeed, leaderDecel, dt);
    return room <= 0.0f ? 0.0f : speed_for_brake_distance(room, decel, tau, dt);
}

float stop_speed(float distance, float decel, float tau, float dt)
{
    return distance <= 0.0f ? 0.0f : speed_for_brake_distance(distance, decel, tau, dt);
}

float approach_speed(float distance, float target, float decel)
{
    return sqrt(target * target + 2.0f * decel * net_max(0.0f, distance));
}

float dawdle(float planned, float oldSpeed, float sigma, float accel, float decel, float dt, float uniform)
{
    float dawdled = planned - sigma * accel * dt * uniform;
    float floor_ = net_min(planned, net_max(0.0f, oldSpeed - decel * dt));
    return net_max(floor_, net_max(0.0f, dawdled));
}

float time_to_cover(float distance, float speed, float accel, float vmax)
{
    if (distance <= 0.0f) return 0.0f;
    if (speed >= vmax) return distance / net_max(vmax, 0.1f);
    float rampTime = (vmax - speed) / accel;
    float rampDistance = 0.5f * (speed + vmax) * rampTime;
    if (distance <= rampDistance) return (sqrt(speed * speed + 2.0f * accel * distance) - speed) / accel;
    return rampTime + (distance - rampDistance) / vmax;
}
