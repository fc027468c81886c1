namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The agents as structure-of-arrays: an age band each and their groups in every contact layer. Built by
/// <see cref="SyntheticPopulation"/> or <see cref="CityPopulation"/> (from the twin's buildings); the simulation never
/// changes it.
/// </summary>
public sealed class Population
{
    /// <param name="hospitalOf">Each agent's hospital (its catchment's), 0..<paramref name="hospitals"/>−1; null: beds are counted for the city only.</param>
    public Population(byte[] ageBand, IReadOnlyList<ContactLayer> layers, int[]? hospitalOf = null, int hospitals = 0)
    {
        ArgumentNullException.ThrowIfNull(ageBand);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("a population needs at least one contact layer", nameof(layers));
        AgeBand = ageBand;
        Layers = layers;
        foreach (var layer in layers)
        {
            if (layer.GroupOf.Length != ageBand.Length)
                throw new ArgumentException($"layer '{layer.Name}' lists {layer.GroupOf.Length} agents, the population has {ageBand.Length}", nameof(layers));
            if (!(layer.Beta >= 0) || double.IsInfinity(layer.Beta))
                throw new ArgumentException($"layer '{layer.Name}': beta must be a finite number ≥ 0, not {layer.Beta}", nameof(layers));
        }
        if (hospitalOf is not null)
        {
            if (hospitalOf.Length != ageBand.Length)
                throw new ArgumentException($"hospitalOf lists {hospitalOf.Length} agents, the population has {ageBand.Length}", nameof(hospitalOf));
            if (hospitals < 1) throw new ArgumentException("a population with hospitals needs at least one", nameof(hospitals));
            foreach (int h in hospitalOf)
                if (h < 0 || h >= hospitals) throw new ArgumentException($"hospital {h} outside 0..{hospitals - 1}", nameof(hospitalOf));
        }
        HospitalOf = hospitalOf;
        Hospitals = hospitalOf is null ? 0 : hospitals;
        GroupSize = new int[layers.Sum(l => l.GroupCount)];
        GroupStart = new int[layers.Count + 1];
        for (int l = 0; l < layers.Count; l++)
        {
            GroupStart[l + 1] = GroupStart[l] + layers[l].GroupCount;
            foreach (int g in layers[l].GroupOf)
            {
                if (g < -1 || g >= layers[l].GroupCount)
                    throw new ArgumentException($"layer '{layers[l].Name}': group {g} outside 0..{layers[l].GroupCount - 1}", nameof(layers));
                if (g >= 0) GroupSize[GroupStart[l] + g]++;
            }
        }
    }

    public int Count => AgeBand.Length;

    /// <summary>Ten-year age bands: 0 is 0–9, 8 is 80 and over.</summary>
    public byte[] AgeBand { get; }

    public IReadOnlyList<ContactLayer> Layers { get; }

    /// <summary>The hospital each agent is admitted to, when the population has them (null otherwise).</summary>
    public int[]? HospitalOf { get; }

    /// <summary>Hospitals whose wards and ICUs are counted (0 when <see cref="HospitalOf"/> is null).</summary>
    public int Hospitals { get; }

    /// <summary>Members per group, all layers' groups one after another (layer l's from GroupStart[l]).</summary>
    public int[] GroupSize { get; }

    public int[] GroupStart { get; }

    /// <summary>Each agent's group in every layer as one index into <see cref="GroupSize"/> (−1: none): [layer · Count + agent].</summary>
    public int[] FlatGroups()
    {
        var flat = new int[Layers.Count * Count];
        for (int l = 0; l < Layers.Count; l++)
        {
            var of = Layers[l].GroupOf;
            int offset = GroupStart[l];
            for (int i = 0; i < Count; i++) flat[l * Count + i] = of[i] < 0 ? -1 : offset + of[i];
        }
        return flat;
    }
}
