// CounterRandom.Uniform: SplitMix64's finaliser over (seed, vehicle, step, stream), so every backend and every
// work-item order draws the same number for the same vehicle and step.
#define DAWDLE_STREAM 0u

float counter_uniform(ulong seed, int vehicle, long step, uint stream)
{
    ulong z = seed ^ ((ulong)(uint)vehicle * 0x9E3779B97F4A7C15UL) ^ ((ulong)step * 0xD1B54A32D192ED03UL) ^ ((ulong)stream << 56);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    z ^= z >> 31;
    // 24 bits, exact in float32, times 2^-24: the same value as the C# (z >> 40) * (1.0f / (1 << 24)).
    return (float)(z >> 40) * (1.0f / 16777216.0f);
}
