// Counter hash and value noise, statement for statement as PixelHash.cs: 32-bit integer operations, then floats.
// No contraction into fused multiply-add: the managed oracle rounds every product and sum separately.
#pragma OPENCL FP_CONTRACT OFF

uint ph_mix(uint x)
{
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    x ^= x >> 16;
    return x;
}

uint ph_hash(uint key, int a, int b, uint purpose)
{
    uint h = ph_mix(key + purpose * 0x9E3779B9u);
    h = ph_mix(h ^ (uint)a);
    return ph_mix(h + (uint)b * 0x85EBCA6Bu);
}

float ph_uniform(uint h) { return (float)(h >> 8) * (1.0f / 16777216.0f); }

float ph_value_noise(uint key, float x, float y, uint purpose)
{
    float fx = floor(x), fy = floor(y);
    int ix = (int)fx, iy = (int)fy;
    float tx = x - fx, ty = y - fy;
    tx = tx * tx * (3.0f - 2.0f * tx);
    ty = ty * ty * (3.0f - 2.0f * ty);
    float a = ph_uniform(ph_hash(key, ix, iy, purpose));
    float b = ph_uniform(ph_hash(key, ix + 1, iy, purpose));
    float c = ph_uniform(ph_hash(key, ix, iy + 1, purpose));
    float d = ph_uniform(ph_hash(key, ix + 1, iy + 1, purpose));
    float top = a + (b - a) * tx;
    float bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
}

float ph_fbm(uint key, float x, float y, uint purpose)
{
    return 0.6f * ph_value_noise(key, x, y, purpose) + 0.4f * ph_value_noise(key, x * 2.17f + 5.3f, y * 2.17f + 1.7f, purpose + 16u);
}

// Math.Clamp(v, lo, hi) for ordered, non-NaN bounds.
float ph_clamp(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

float ph_coverage(float distance, float inv) { return ph_clamp(0.5f - distance * inv, 0.0f, 1.0f); }
