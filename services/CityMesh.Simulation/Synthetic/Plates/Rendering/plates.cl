// Shading pass: one work-item per pixel of every image in the batch, as PlateShader.cs. Writes linear RGB planes
// (R, G, B, each stride × rows) per image. Work-groups fall inside one image, so the per-image loops (bands, glyphs,
// screws) have the same trip counts across a group; only the per-pixel cell tests diverge.

__kernel void shade_plates(
    __global const float* F, __global const int* I,
    __global const float* glyph_f, __global const int* glyph_i, __constant float* segments,
    __global const float* bands, __global const float* screws,
    __global float* planes, int width, int height, int stride, int plane, int images)
{
    int gid = get_global_id(0);
    int per_image = width * height;
    if (gid >= per_image * images) return;
    int image = gid / per_image, pix = gid - image * per_image;
    int px = pix % width, py = pix / width;
    int fo = image * SL_FloatStride, io = image * SL_IntStride;
    uint key = (uint)I[io + SL_Key];
    float u = (float)px + 0.5f, v = (float)py + 0.5f;

    float w = F[fo + SL_InvH + 6] * u + F[fo + SL_InvH + 7] * v + F[fo + SL_InvH + 8];
    float x = (F[fo + SL_InvH + 0] * u + F[fo + SL_InvH + 1] * v + F[fo + SL_InvH + 2]) / w;
    float y = (F[fo + SL_InvH + 3] * u + F[fo + SL_InvH + 4] * v + F[fo + SL_InvH + 5]) / w;
    float jxu = (F[fo + SL_InvH + 0] - x * F[fo + SL_InvH + 6]) / w;
    float jxv = (F[fo + SL_InvH + 1] - x * F[fo + SL_InvH + 7]) / w;
    float jyu = (F[fo + SL_InvH + 3] - y * F[fo + SL_InvH + 6]) / w;
    float jyv = (F[fo + SL_InvH + 4] - y * F[fo + SL_InvH + 7]) / w;
    float footprint = fmax(sqrt(fabs(jxu * jyv - jxv * jyu)), 1e-6f);
    float inv = 1.0f / footprint;

    float hw = F[fo + SL_PlateW] * 0.5f, hh = F[fo + SL_PlateH] * 0.5f, radius = F[fo + SL_PlateRadius];
    float qx = fabs(x - hw) - (hw - radius), qy = fabs(y - hh) - (hh - radius);
    float ox = fmax(qx, 0.0f), oy = fmax(qy, 0.0f);
    float sdf = sqrt(ox * ox + oy * oy) + fmin(fmax(qx, qy), 0.0f) - radius;
    float alpha = ph_coverage(sdf, inv);

    float br = 0.0f, bg = 0.0f, bb = 0.0f;
    if (alpha < 1.0f)
    {
        float noise = ph_fbm(key, u * F[fo + SL_BackInvScale], v * F[fo + SL_BackInvScale], SL_PurposeBackground);
        br = F[fo + SL_BackA] + (F[fo + SL_BackB] - F[fo + SL_BackA]) * noise;
        bg = F[fo + SL_BackA + 1] + (F[fo + SL_BackB + 1] - F[fo + SL_BackA + 1]) * noise;
        bb = F[fo + SL_BackA + 2] + (F[fo + SL_BackB + 2] - F[fo + SL_BackA + 2]) * noise;
    }

    if (alpha > 0.0f)
    {
        float cr = F[fo + SL_PlateRgb], cg = F[fo + SL_PlateRgb + 1], cb = F[fo + SL_PlateRgb + 2];
        int band_end = I[io + SL_BandStart] + I[io + SL_BandCount];
        for (int k = I[io + SL_BandStart]; k < band_end; k++)
        {
            int o = k * SL_BandStride;
            float bw = bands[o + 2] * 0.5f, bh = bands[o + 3] * 0.5f;
            float d = fmax(fabs(x - (bands[o] + bw)) - bw, fabs(y - (bands[o + 1] + bh)) - bh);
            float c = ph_coverage(d, inv);
            cr = cr + (bands[o + 4] - cr) * c;
            cg = cg + (bands[o + 5] - cg) * c;
            cb = cb + (bands[o + 6] - cb) * c;
        }
        float border = F[fo + SL_BorderWidth];
        if (border > 0.0f)
        {
            float c = ph_coverage(fabs(sdf + border) - border * 0.5f, inv);
            cr = cr + (F[fo + SL_BorderRgb] - cr) * c;
            cg = cg + (F[fo + SL_BorderRgb + 1] - cg) * c;
            cb = cb + (F[fo + SL_BorderRgb + 2] - cb) * c;
        }
        int glyph_end = I[io + SL_GlyphStart] + I[io + SL_GlyphCount];
        for (int k = I[io + SL_GlyphStart]; k < glyph_end; k++)
        {
            int o = k * SL_GlyphFloatStride;
            float gx = glyph_f[o], gy = glyph_f[o + 1], gw = glyph_f[o + 2], gh = glyph_f[o + 3];
            float hs = glyph_f[o + 4];
            if (x < gx - hs || x > gx + gw + hs || y < gy - hs || y > gy + gh + hs) continue;
            float lx = x - gx, ly = y - gy, nearest = 1e30f;
            int s0 = glyph_i[k * SL_GlyphIntStride], s1 = s0 + glyph_i[k * SL_GlyphIntStride + 1];
            for (int s = s0; s < s1; s++)
            {
                float ax = segments[s * 4] * gw, ay = segments[s * 4 + 1] * gh;
                float dx = segments[s * 4 + 2] * gw - ax, dy = segments[s * 4 + 3] * gh - ay;
                float px0 = lx - ax, py0 = ly - ay;
                float len2 = dx * dx + dy * dy;
                float h = len2 > 0.0f ? ph_clamp((px0 * dx + py0 * dy) / len2, 0.0f, 1.0f) : 0.0f;
                float ex = px0 - dx * h, ey = py0 - dy * h;
                nearest = fmin(nearest, sqrt(ex * ex + ey * ey));
            }
            float c = ph_coverage(nearest - hs, inv);
            cr = cr + (glyph_f[o + 5] - cr) * c;
            cg = cg + (glyph_f[o + 6] - cg) * c;
            cb = cb + (glyph_f[o + 7] - cb) * c;
        }
        int screw_end = I[io + SL_ScrewStart] + I[io + SL_ScrewCount];
        for (int k = I[io + SL_ScrewStart]; k < screw_end; k++)
        {
            int o = k * SL_ScrewStride;
            float dx = x - screws[o], dy = y - screws[o + 1], sr = screws[o + 2];
            float c = ph_coverage(sqrt(dx * dx + dy * dy) - sr, inv);
            float shade = ph_clamp(0.55f - 0.3f * (dx + dy) / (sr * 1.5f), 0.15f, 0.95f);
            cr = cr + (shade - cr) * c;
            cg = cg + (shade - cg) * c;
            cb = cb + (shade - cb) * c;
        }
        float dirt = F[fo + SL_Dirt];
        if (dirt > 0.0f)
        {
            float n = ph_fbm(key, x * F[fo + SL_DirtInvScale], y * F[fo + SL_DirtInvScale], SL_PurposeDirt);
            float amount = ph_clamp((n - 0.35f) * 2.0f, 0.0f, 1.0f) * dirt;
            cr = cr + (0.22f - cr) * amount;
            cg = cg + (0.19f - cg) * amount;
            cb = cb + (0.15f - cb) * amount;
        }
        if (alpha < 1.0f)
        {
            cr = br + (cr - br) * alpha;
            cg = bg + (cg - bg) * alpha;
            cb = bb + (cb - bb) * alpha;
        }
        br = cr; bg = cg; bb = cb;
    }

    int condition = I[io + SL_Condition];
    if (condition == SL_Infrared)
    {
        float l = 0.3f * br + 0.59f * bg + 0.11f * bb;
        br = l; bg = l; bb = l;
    }
    float shadow = F[fo + SL_ShadowDarkness] * ph_clamp((F[fo + SL_ShadowNx] * u + F[fo + SL_ShadowNy] * v - F[fo + SL_ShadowOffset]) * F[fo + SL_ShadowInvSoft] + 0.5f, 0.0f, 1.0f);
    float lit = 1.0f - shadow * (1.0f - F[fo + SL_Ambient]);
    float gdx = u - F[fo + SL_GlareX], gdy = v - F[fo + SL_GlareY];
    float d2 = (gdx * gdx + gdy * gdy) * F[fo + SL_GlareInvR2];
    float illum;
    if (condition == SL_Night)
        illum = lit * (F[fo + SL_Ambient] * 0.25f + alpha * (0.3f + 0.7f / (1.0f + d2 * 0.0625f)));
    else if (condition == SL_Infrared)
        illum = lit * (0.3f + alpha * 0.7f);
    else
        illum = lit * F[fo + SL_DuskFactor];
    float glare = 1.0f / (1.0f + d2);
    glare = glare * glare * F[fo + SL_GlareStrength];
    int out = image * 3 * plane + py * stride + px;
    planes[out] = br * illum * F[fo + SL_LightRgb] + glare * F[fo + SL_GlareRgb];
    planes[out + plane] = bg * illum * F[fo + SL_LightRgb + 1] + glare * F[fo + SL_GlareRgb + 1];
    planes[out + 2 * plane] = bb * illum * F[fo + SL_LightRgb + 2] + glare * F[fo + SL_GlareRgb + 2];
}
