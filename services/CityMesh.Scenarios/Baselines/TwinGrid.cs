using System.Globalization;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Simulation.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Baselines;

/// <summary>What a bus of the twin's grid supplies, as an energy scenario starts from it.</summary>
/// <param name="Entity">The bus's entity id.</param>
/// <param name="LoadKind">LoadShapes' kind, from the buildings it supplies; "" where it supplies none (the spec's kinds apply).</param>
/// <param name="Critical">It supplies a hospital or a shelter (or the twin marks it critical).</param>
/// <param name="PeakKw">Its base load's peak, kW: what its shape's 1.0 stands for (see <see cref="Load"/>).</param>
/// <param name="PvKwp">The PV systems it supplies, kWp (their capacity).</param>
/// <param name="EvKw">The EV chargers it supplies, kW (their rated power).</param>
/// <param name="HourlyShare">From its meter: per local hour of the day (0–23), its mean base load over <paramref name="PeakKw"/>; null: the built-in shape of its kind.</param>
/// <param name="Load">Where its load came from: one of <see cref="TwinGrid.Metered"/>, <see cref="TwinGrid.Planned"/>, <see cref="TwinGrid.Reading"/>, <see cref="TwinGrid.NoLoad"/>.</param>
public sealed record TwinGridBus(string Entity, string LoadKind, bool Critical, double PeakKw, double PvKwp, double EvKw, IReadOnlyList<double>? HourlyShare, string Load);

/// <summary>
/// A city's grid as read from its twin for an energy scenario (<c>spec.energy.grid.twin</c>): its elements
/// (<see cref="GridEntities"/>), and per bus (in <see cref="CityGrid.Buses"/>' order) what it supplies, through the
/// <c>refBusbarSection</c> of the entities on it:
/// <list type="bullet">
/// <item>its kind of load from its buildings' <c>usage</c> (residential, industrial, anything else commercial: offices,
/// shops and schools keep working hours), the kind with the most floor area (by count where none gives one);</item>
/// <item>critical where the twin marks it so, or a hospital or a shelter (directly or through its building) is on it;</item>
/// <item>its PV systems' <c>capacity</c> and its chargers' <c>ratedPower</c>: the PV and EV there before any variant adds more;</item>
/// <item>its load: where its meter's <c>load</c> has history covering every hour of the day within the last
/// <see cref="EnergyTwinGridSpec.HistoryDays"/> (to the end of the hour of the newest reading), the mean per local
/// hour of the day, made gross of the PV behind the meter and net of its chargers (the meter reads what the bus draws:
/// <see cref="TwinGrid.Metered"/>), with its highest hourly mean as the peak; else its planned <c>peakDemand</c> less
/// its chargers at the share planning counts them (<see cref="PlannedChargerShare"/>) on its kind's built-in shape
/// (<see cref="TwinGrid.Planned"/>); else its current reading scaled by that shape at the reading's hour
/// (<see cref="TwinGrid.Reading"/>).</item>
/// </list>
/// The history is one call per 100 entities (the read API's <c>AggregateHistory</c>, the temporal API's hourly means):
/// the metered buses' <c>load</c>, the <c>power</c> of the PV and chargers behind them, and the weather stations'
/// <c>temperature</c>, whose mean over the same days becomes the ordinary day's mean temperature when
/// <see cref="EnergyTwinGridSpec.Weather"/> (their current readings where they have no history). Read once, before the
/// run, as <see cref="TwinCity"/> is.
/// </summary>
/// <param name="BaseCelsius">The ordinary day's mean temperature from the twin's weather stations; null where none reports one (or weather is false).</param>
/// <param name="Notes">What was read and how each bus's load was found, for the run's notes.</param>
public sealed record TwinGrid(Uri Twin, string City, CityGrid Grid, IReadOnlyList<TwinGridBus> Buses, double? BaseCelsius, IReadOnlyList<string> Notes)
{
    public const string Field = "spec.energy.grid.twin";

    public const string Metered = "meter history", Planned = "planned peak", Reading = "current reading", NoLoad = "no load";

    /// <summary>
    /// The share of its chargers' rating a bus's planned peak holds (the city's planning counts chargers at half their
    /// rating at the peak, as its seeding does): taken off the planned peak, since the chargers are modelled apart.
    /// </summary>
    public const double PlannedChargerShare = 0.5;

    /// <summary>The history's period: the load shapes' hour.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private static readonly string[] BuildingAttrs = ["usage", "floorArea", "footprintArea", "refBusbarSection"];

    /// <param name="reader">A client of the twin at <paramref name="twin"/> with the caller's credentials.</param>
    /// <param name="utcOffsetHours">The site's local time (spec.energy.site.utcOffsetHours): the hours of the day the meters' history is folded into.</param>
    /// <exception cref="ScenarioInputException">On <see cref="Field"/>: the twin cannot be read, holds no grid for the city, or one that cannot be solved.</exception>
    public static async Task<TwinGrid> ReadAsync(TwinReaderClient reader, Uri twin, string city, EnergyTwinGridSpec spec, double utcOffsetHours, CancellationToken ct)
    {
        var input = new TwinInput(reader, twin, Field);
        var elements = new List<TwinElement>();
        var busJson = new Dictionary<string, NgsiEntity>(StringComparer.Ordinal);
        foreach (var type in GridEntities.Types)
            foreach (var json in await input.ReadAllAsync(type, city, ct))
            {
                elements.Add(NgsiElements.From(json, city));
                if (type == EntityTypes.BusbarSection) busJson[new NgsiEntity(json).Id] = new NgsiEntity(json);
            }
        CityGrid grid;
        try
        {
            grid = GridEntities.Read(elements);
        }
        catch (GridFormatException e)
        {
            throw new ScenarioInputException(Field, $"the twin at {twin} holds a grid for city '{city}' that cannot be solved: {e.Message}", e);
        }
        if (grid.Buses.Count == 0)
            throw new ScenarioInputException(Field, $"the twin at {twin} holds no grid for city '{city}' (no {EntityTypes.BusbarSection}): import one (citymesh energy import) or seed the city");
        if (!grid.Buses.Any(b => b.Source))
            throw new ScenarioInputException(Field, $"the twin at {twin} holds a grid for city '{city}' with no source bus (a substation busbar with source true): nothing feeds it");

        int n = grid.Buses.Count;
        var busIds = grid.Buses.Select(b => EntityIds.Create(EntityTypes.BusbarSection, city, b.Id)).ToArray();
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++) index[busIds[i]] = i;
        int? BusOf(NgsiEntity e) => e.ObjectOrNull("refBusbarSection") is { } bus && index.TryGetValue(bus, out var i) ? i : null;

        // Kinds by floor area (by count where no building on the bus gives one); buildings' buses for shelters.
        var area = new double[n, EnergyLoadsSpec.Kinds.Count];
        var count = new int[n, EnergyLoadsSpec.Kinds.Count];
        var buildingBus = new Dictionary<string, int>(StringComparer.Ordinal);
        int buildings = 0;
        foreach (var json in await input.ReadAllAsync(EntityTypes.Building, city, ct, BuildingAttrs))
        {
            var e = new NgsiEntity(json);
            if (BusOf(e) is not { } b) continue;
            buildingBus[e.Id] = b;
            if (KindOf(e.TextOrNull("usage")) is not { } kind) continue;
            int k = EnergyLoadsSpec.Kinds.ToList().IndexOf(kind);
            area[b, k] += Math.Max(0, e.NumberOrNull("floorArea") ?? e.NumberOrNull("footprintArea") ?? 0);
            count[b, k]++;
            buildings++;
        }
        var critical = grid.Buses.Select(b => b.Critical).ToArray();
        foreach (var json in await input.ReadAllAsync(EntityTypes.Hospital, city, ct, ["refBusbarSection"]))
            if (BusOf(new NgsiEntity(json)) is { } b) critical[b] = true;
        foreach (var json in await input.ReadAllAsync(EntityTypes.Shelter, city, ct, ["refBusbarSection", "refBuilding"]))
        {
            var e = new NgsiEntity(json);
            if ((BusOf(e) ?? (e.ObjectOrNull("refBuilding") is { } at && buildingBus.TryGetValue(at, out var b) ? b : null)) is { } bus) critical[bus] = true;
        }
        var pv = new double[n];
        var ev = new double[n];
        var behind = Enumerable.Range(0, n).Select(_ => new List<(string Id, bool Pv)>()).ToArray();
        var present = new Dictionary<string, (double Power, DateTimeOffset? At)>(StringComparer.Ordinal);
        foreach (var json in await input.ReadAllAsync(EntityTypes.PVSystem, city, ct, ["capacity", "power", "refBusbarSection"]))
        {
            var e = new NgsiEntity(json);
            if (BusOf(e) is not { } b) continue;
            pv[b] += Math.Max(0, e.NumberOrNull("capacity") ?? 0);
            behind[b].Add((e.Id, true));
            if (e.NumberOrNull("power") is { } p) present[e.Id] = (p, e.ObservedAt("power"));
        }
        foreach (var json in await input.ReadAllAsync(EntityTypes.EVChargingStation, city, ct, ["ratedPower", "power", "refBusbarSection"]))
        {
            var e = new NgsiEntity(json);
            if (BusOf(e) is not { } b) continue;
            ev[b] += Math.Max(0, e.NumberOrNull("ratedPower") ?? e.NumberOrNull("power") ?? 0);
            behind[b].Add((e.Id, false));
            if (e.NumberOrNull("power") is { } p) present[e.Id] = (p, e.ObservedAt("power"));
        }
        var stations = spec.Weather
            ? (await input.ReadAllAsync(EntityTypes.WeatherObserved, city, ct, ["temperature"])).Select(j => new NgsiEntity(j)).Where(e => e.NumberOrNull("temperature") is not null).ToList()
            : [];

        var offset = TimeSpan.FromHours(utcOffsetHours);
        var notes = new List<string>();
        var metered = Enumerable.Range(0, n).Where(i => busJson.TryGetValue(busIds[i], out var e) && e.NumberOrNull("load") is not null).ToList();
        var newest = metered.Select(i => busJson[busIds[i]].ObservedAt("load"))
            .Concat(stations.Select(s => s.ObservedAt("temperature"))).OfType<DateTimeOffset>().DefaultIfEmpty().Max();
        var history = new Dictionary<string, TwinHistory>(StringComparer.Ordinal);
        DateTimeOffset from = default, to = default;
        if (newest != default)
        {
            // To the end of the local hour of the newest reading, so every period is a whole local hour.
            long local = newest.UtcTicks + offset.Ticks;
            to = new DateTimeOffset(local - local % TimeSpan.TicksPerHour + TimeSpan.TicksPerHour - offset.Ticks, TimeSpan.Zero);
            from = to - TimeSpan.FromDays(spec.HistoryDays);
            var ids = metered.Select(i => busIds[i]).Concat(metered.SelectMany(i => behind[i].Select(x => x.Id))).Concat(stations.Select(s => s.Id)).ToList();
            var read = await input.ReadHistoryAsync(ids, ["load", "power", "temperature"], from, to, Period, ct);
            if (read is null) notes.Add($"the twin at {twin} serves no history (its read API has no AggregateHistory): every bus's load is its planned peak or current reading");
            foreach (var h in read ?? []) history[h.Id] = h;
        }

        var buses = new TwinGridBus[n];
        int uncorrected = 0, tooShort = 0;
        for (int i = 0; i < n; i++)
        {
            var id = busIds[i];
            string kind = Majority(area, count, i);
            var shape = history.TryGetValue(id, out var h) && h.Attributes.TryGetValue("load", out var load)
                ? HourlyMeans(load, behind[i], history, offset, ref uncorrected) : null;
            if (shape is null && h is not null && h.Attributes.ContainsKey("load")) tooShort++;
            TwinGridBus bus;
            if (shape is { } means && means.Max() is var peak and > 0)
                bus = new(id, kind, critical[i], peak, pv[i], ev[i], [.. means.Select(m => Math.Max(0, m) / peak)], Metered);
            else if (grid.Buses[i].PeakKw - PlannedChargerShare * ev[i] is var planned and > 0)
                bus = new(id, kind, critical[i], planned, pv[i], ev[i], null, Planned);
            else if (busJson.TryGetValue(id, out var e) && e.NumberOrNull("load") is { } reading && e.ObservedAt("load") is { } at)
            {
                // What it draws besides its chargers and before its PV, over its kind's share at that local hour.
                double gross = reading + behind[i].Sum(x => present.TryGetValue(x.Id, out var p) ? (x.Pv ? p.Power : -p.Power) : 0);
                var when = new DateTime(at.UtcTicks + offset.Ticks);
                double share = LoadShapes.Share(kind.Length > 0 ? kind : LoadShapes.Residential, when.Hour, when.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
                bus = gross > 0 ? new(id, kind, critical[i], gross / share, pv[i], ev[i], null, Reading) : new(id, kind, critical[i], 0, pv[i], ev[i], null, NoLoad);
            }
            else bus = new(id, kind, critical[i], 0, pv[i], ev[i], null, NoLoad);
            buses[i] = bus;
        }

        double? celsius = null;
        if (stations.Count > 0)
        {
            var means = stations.Select(s => history.TryGetValue(s.Id, out var h) && h.Attributes.TryGetValue("temperature", out var t) ? t.Average(p => p.Mean) : (double?)null).OfType<double>().ToList();
            celsius = Math.Round(means.Count > 0 ? means.Average() : stations.Average(s => s.NumberOrNull("temperature")!.Value), 2);
            notes.Add(means.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"the ordinary day's mean temperature is {celsius} °C: the mean of {means.Count} weather station(s)' temperature over {spec.HistoryDays} day(s) to {to:yyyy-MM-dd HH:mm}Z (weather.baseCelsius replaced)")
                : string.Create(CultureInfo.InvariantCulture, $"the ordinary day's mean temperature is {celsius} °C: the mean of {stations.Count} weather station(s)' current temperature (weather.baseCelsius replaced)"));
        }

        notes.Insert(0, Describe(twin, city, grid, buses, buildings, from, to, spec.HistoryDays, uncorrected, tooShort));
        return new TwinGrid(twin, city, grid, buses, celsius, notes);
    }

    /// <summary>LoadShapes' kind of a building's Smart Data Models usage; null where it gives none.</summary>
    public static string? KindOf(string? usage) => usage switch
    {
        null or "" => null,
        "residential" => LoadShapes.Residential,
        "industrial" => LoadShapes.Industrial,
        _ => LoadShapes.Commercial,
    };

    /// <summary>The kind with the most floor area on bus <paramref name="bus"/>, by count where none gives an area; "" without buildings.</summary>
    private static string Majority(double[,] area, int[,] count, int bus)
    {
        int kinds = EnergyLoadsSpec.Kinds.Count, best = -1;
        bool byArea = Enumerable.Range(0, kinds).Any(k => area[bus, k] > 0);
        for (int k = 0; k < kinds; k++)
        {
            double weight = byArea ? area[bus, k] : count[bus, k];
            if (weight > 0 && (best < 0 || weight > (byArea ? area[bus, best] : count[bus, best]))) best = k;
        }
        return best < 0 ? "" : EnergyLoadsSpec.Kinds[best];
    }

    /// <summary>
    /// Per local hour of the day, the meter's mean hourly load with the PV behind it added back and its chargers taken
    /// off; null unless every hour of the day has a reading.
    /// </summary>
    private static double[]? HourlyMeans(IReadOnlyList<TwinHistoryPeriod> load, List<(string Id, bool Pv)> behind, Dictionary<string, TwinHistory> history,
        TimeSpan offset, ref int uncorrected)
    {
        var sum = new double[24];
        var hours = new int[24];
        var their = behind.Select(x => (x.Pv, Power: history.TryGetValue(x.Id, out var h) && h.Attributes.TryGetValue("power", out var p)
            ? p.ToDictionary(q => q.Start, q => q.Mean) : null)).ToList();
        uncorrected += their.Count(x => x.Power is null);
        foreach (var period in load)
        {
            double gross = period.Mean;
            foreach (var (isPv, power) in their)
                if (power is not null && power.TryGetValue(period.Start, out var kw)) gross += isPv ? kw : -kw;
            int hour = new DateTime(period.Start.UtcTicks + offset.Ticks).Hour;
            sum[hour] += gross;
            hours[hour]++;
        }
        if (hours.Any(c => c == 0)) return null;
        return [.. sum.Select((s, h) => s / hours[h])];
    }

    private static string Describe(Uri twin, string city, CityGrid grid, TwinGridBus[] buses, int buildings, DateTimeOffset from, DateTimeOffset to, int days,
        int uncorrected, int tooShort)
    {
        string Count(string load) => buses.Count(b => b.Load == load).ToString(CultureInfo.InvariantCulture);
        string Kinds(string load) => string.Join(", ", buses.Where(b => b.Load == load).GroupBy(b => b.LoadKind.Length > 0 ? b.LoadKind : "the default kind")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"grid of '{city}' from the twin at {twin}: {grid.Substations.Count} substation(s), {grid.Buses.Count} buses, {grid.Lines.Count} lines, {grid.Transformers.Count} transformers, {grid.Switches.Count} switches, {grid.Feeders.Count} feeders; ");
        text += string.Create(CultureInfo.InvariantCulture,
            $"{buildings} buildings set their buses' kinds (most floor area); {buses.Count(b => b.Critical)} critical buses; present PV {buses.Sum(b => b.PvKwp):#,0.#} kWp and chargers {buses.Sum(b => b.EvKw):#,0.#} kW. ");
        text += $"Each bus's load: {Count(Metered)} from {Metered}";
        if (from != default) text += string.Create(CultureInfo.InvariantCulture, $" (mean per local hour over {days} day(s) to {to:yyyy-MM-dd HH:mm}Z, the same shape every day)");
        if (tooShort > 0) text += $", {tooShort} of those with history that misses some hour of the day left to the next rule";
        text += $"; {Count(Planned)} from {Planned} on the built-in shapes ({(Count(Planned) == "0" ? "none" : Kinds(Planned))})";
        text += $"; {Count(Reading)} from a {Reading} on the built-in shapes{(Count(Reading) == "0" ? "" : $" ({Kinds(Reading)})")}; {Count(NoLoad)} with {NoLoad}";
        if (uncorrected > 0) text += $"; {uncorrected} PV systems or chargers behind metered buses had no history, so those meters were not corrected for them";
        return text + ".";
    }
}
