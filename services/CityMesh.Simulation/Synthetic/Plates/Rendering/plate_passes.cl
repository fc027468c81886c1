// Image-space passes, as ImagePasses.cs and ManagedPlateRenderer.cs: one work-item per pixel (or per DCT coefficient)
// of every image in the batch. Planes: per image R, G, B (or Y, Cb, Cr), each stride × rows floats.

// Motion blur or defocus: `slot` is SL_MotionStart or SL_DefocusStart (the count follows it in the int row).
__kernel void filter_taps(
    __global const int* I, __global const float* taps, int slot,
    __global const float* source, __global float* target, int width, int height, int stride, int plane, int images)
{
    int gid = get_global_id(0);
    int per_image = width * height;
    if (gid >= per_image * images) return;
    int image = gid / per_image, pix = gid - image * per_image;
    int x = pix % width, y = pix / width;
    int start = I[image * SL_IntStride + slot], count = I[image * SL_IntStride + slot + 1];
    int base = image * 3 * plane;
    float r = 0.0f, g = 0.0f, b = 0.0f;
    for (int k = start; k < start + count; k++)
    {
        int sx = clamp(x + (int)taps[k * SL_TapStride], 0, width - 1);
        int sy = clamp(y + (int)taps[k * SL_TapStride + 1], 0, height - 1);
        float weight = taps[k * SL_TapStride + 2];
        int o = base + sy * stride + sx;
        r = r + weight * source[o];
        g = g + weight * source[o + plane];
        b = b + weight * source[o + 2 * plane];
    }
    int o = base + y * stride + x;
    target[o] = r;
    target[o + plane] = g;
    target[o + 2 * plane] = b;
}

float rain_at(__global const float* F, int fo, uint key, int px, int py)
{
    float chance = F[fo + SL_RainChance];
    if (chance <= 0.0f) return 0.0f;
    float u = (float)px + 0.5f, v = (float)py + 0.5f;
    float cs = F[fo + SL_RainCos], sn = F[fo + SL_RainSin], length = F[fo + SL_RainLength];
    float along = u * cs + v * sn, across = v * cs - u * sn;
    float column = floor(across * (1.0f / 3.0f));
    float cell_length = length * 2.0f;
    float cell = floor(along / cell_length);
    float add = 0.0f;
    for (int k = 0; k < 2; k++)
    {
        float c = cell - (float)k;
        uint h = ph_hash(key, (int)column, (int)c, SL_PurposeRain);
        if (ph_uniform(h) >= chance) continue;
        uint h2 = ph_mix(h);
        float centre = column * 3.0f + 0.5f + 2.0f * ph_uniform(h2);
        float start = c * cell_length + ph_uniform(ph_mix(h2)) * cell_length;
        float off = fabs(across - centre);
        if (off < 0.75f && along >= start && along <= start + length)
            add = add + F[fo + SL_RainBrightness] * (1.0f - off * 1.33333333f);
    }
    return add;
}

float encode_srgb(__constant float* gamma, float linear)
{
    float p = ph_clamp(linear, 0.0f, 1.0f) * 4095.0f;
    int i = (int)p;
    int j = min(i + 1, 4095);
    return gamma[i] + (gamma[j] - gamma[i]) * (p - (float)i);
}

float gaussian_at(uint key, int px, int py, int channel)
{
    uint a = ph_hash(key, px, py, SL_PurposeNoise + 32u * (uint)(channel + 1));
    uint b = ph_mix(a ^ 0x68E31DA4u);
    int sum = (int)(a & 0xFFFFu) + (int)(a >> 16) + (int)(b & 0xFFFFu) + (int)(b >> 16);
    return ((float)sum * (1.0f / 65536.0f) - 2.0f) * 1.7320508f;
}

int quantise8(float v) { return (int)(ph_clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); }

// Rain, fog, sRGB, noise and 8 bits: bytes out, or level-shifted YCbCr planes for images that compress.
__kernel void sensor(
    __global const float* F, __global const int* I, __constant float* gamma,
    __global const float* source, __global float* ycc, __global uchar* rgb,
    int width, int height, int stride, int plane, int images)
{
    int gid = get_global_id(0);
    int per_image = width * height;
    if (gid >= per_image * images) return;
    int image = gid / per_image, pix = gid - image * per_image;
    int x = pix % width, y = pix / width;
    int fo = image * SL_FloatStride, io = image * SL_IntStride;
    uint key = (uint)I[io + SL_Key];
    float fog = F[fo + SL_Fog], sigma = F[fo + SL_Noise];
    int o = image * 3 * plane + y * stride + x;
    float rain = rain_at(F, fo, key, x, y);
    float r = source[o] + rain, g = source[o + plane] + rain, b = source[o + 2 * plane] + rain;
    r = r + (F[fo + SL_FogRgb] - r) * fog;
    g = g + (F[fo + SL_FogRgb + 1] - g) * fog;
    b = b + (F[fo + SL_FogRgb + 2] - b) * fog;
    r = encode_srgb(gamma, r);
    g = encode_srgb(gamma, g);
    b = encode_srgb(gamma, b);
    if (sigma > 0.0f)
    {
        r = r + gaussian_at(key, x, y, 0) * sigma;
        g = g + gaussian_at(key, x, y, 1) * sigma;
        b = b + gaussian_at(key, x, y, 2) * sigma;
    }
    int qr = quantise8(r), qg = quantise8(g), qb = quantise8(b);
    if (I[io + SL_Quality] == 0)
    {
        int p = 3 * gid;
        rgb[p] = (uchar)qr; rgb[p + 1] = (uchar)qg; rgb[p + 2] = (uchar)qb;
    }
    else
    {
        float fr = (float)qr, fg = (float)qg, fb = (float)qb;
        ycc[o] = 0.299f * fr + 0.587f * fg + 0.114f * fb - 128.0f;
        ycc[o + plane] = -0.168736f * fr - 0.331264f * fg + 0.5f * fb;
        ycc[o + 2 * plane] = 0.5f * fr - 0.418688f * fg - 0.081312f * fb;
    }
}

// One work-item per coefficient of the padded grid: forward DCT of its block (edges repeat the last row and column)
// and quantisation. Images without compression return at once.
__kernel void dct_quantise(
    __global const int* I, __global const float* quant, __constant float* basis,
    __global const float* ycc, __global float* coefficients,
    int width, int height, int stride, int rows, int plane, int images)
{
    int gid = get_global_id(0);
    if (gid >= plane * images) return;
    int image = gid / plane, cell = gid - image * plane;
    int io = image * SL_IntStride;
    if (I[io + SL_Quality] == 0) return;
    int X = cell % stride, Y = cell / stride;
    int cu = X & 7, cv = Y & 7, bx = X - cu, by = Y - cv;
    int q0 = I[io + SL_QuantStart];
    for (int c = 0; c < 3; c++)
    {
        __global const float* source = ycc + image * 3 * plane + c * plane;
        float acc = 0.0f;
        for (int yy = 0; yy < 8; yy++)
        {
            int sy = min(by + yy, height - 1);
            float row = 0.0f;
            for (int xx = 0; xx < 8; xx++)
                row = row + source[sy * stride + min(bx + xx, width - 1)] * basis[xx * 8 + cu];
            acc = acc + basis[yy * 8 + cv] * row;
        }
        float step = quant[q0 + (c == 0 ? 0 : 64) + cv * 8 + cu];
        coefficients[image * 3 * plane + c * plane + cell] = floor(acc / step + 0.5f) * step;
    }
}

uchar to_byte(float v) { return (uchar)clamp((int)floor(v + 0.5f), 0, 255); }

// One work-item per pixel: inverse DCT of its block's coefficients, YCbCr to RGB, bytes out.
__kernel void idct_store(
    __global const int* I, __constant float* basis, __global const float* coefficients, __global uchar* rgb,
    int width, int height, int stride, int plane, int images)
{
    int gid = get_global_id(0);
    int per_image = width * height;
    if (gid >= per_image * images) return;
    int image = gid / per_image, pix = gid - image * per_image;
    if (I[image * SL_IntStride + SL_Quality] == 0) return;
    int x = pix % width, y = pix / width;
    int xi = x & 7, yi = y & 7, bx = x - xi, by = y - yi;
    float ycc[3];
    for (int c = 0; c < 3; c++)
    {
        __global const float* coef = coefficients + image * 3 * plane + c * plane;
        float acc = 0.0f;
        for (int cv = 0; cv < 8; cv++)
        {
            float row = 0.0f;
            int o = (by + cv) * stride + bx;
            for (int cu = 0; cu < 8; cu++)
                row = row + coef[o + cu] * basis[xi * 8 + cu];
            acc = acc + basis[yi * 8 + cv] * row;
        }
        ycc[c] = acc;
    }
    float luma = ycc[0] + 128.0f, cb = ycc[1], cr = ycc[2];
    int p = 3 * gid;
    rgb[p] = to_byte(luma + 1.402f * cr);
    rgb[p + 1] = to_byte(luma - 0.344136f * cb - 0.714136f * cr);
    rgb[p + 2] = to_byte(luma + 1.772f * cb);
}
