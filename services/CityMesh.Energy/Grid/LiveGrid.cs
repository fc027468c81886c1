using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Forecast;
using CityMesh.Energy.Meters;
using CityMesh.Energy.Relief;
using CityMesh.Messaging;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Energy.Grid;

/// <summary>
/// Keeps the city's grid live: follows the grid's entities in the twin (as <c>citymesh up</c> seeds them or
/// <c>citymesh energy import</c> writes them) with the meters' loads, and every <see cref="EnergyOptions.Interval"/>
/// solves its AC power flow (<see cref="GridPowerFlow"/>), writes each bus's <c>voltage</c>, each line's and
/// transformer's <c>activePower</c> and <c>loading</c>, and each feeder's <c>load</c>, <c>loading</c> and
/// <c>lowestVoltage</c> to the twin, announces violations raised and cleared on <c>energy.events</c>, and proposes the
/// relief the power flow shows works (<see cref="ReliefPlanner"/>) for each violation raised, once while it lasts.
/// With a history it keeps each feeder's and substation's hourly load, and once an hour of the meters' clock looks a
/// day ahead (<see cref="GridOutlooks"/>): violations forecast are announced and cleared like those now, and relief is
/// proposed for those due within <see cref="EnergyOptions.ReliefLeadTime"/>, planned on the forecast hour. With a
/// meter watch every solve's readings are watched for faulty meters (<see cref="MeterWatch"/>), each announced once.
/// </summary>
public sealed class LiveGrid(TwinReaderConnection reader, TwinWriter writer, IEventBus bus, EnergyOptions options, string city,
    TimeProvider clock, ILogger<LiveGrid> logger, IHostApplicationLifetime? lifetime = null, LoadHistory? history = null,
    LoadForecasts? forecasts = null, MeterWatch? meters = null) : BackgroundService
{
    public const int WriteBatch = 500;

    private IReadOnlyCollection<JsonElement> _entities = [];
    private readonly ViolationWatch _watch = new();
    private readonly ViolationWatch _forecastWatch = new();
    private GridOutlook? _outlook;
    private DateTimeOffset? _lookedAt;
    private readonly Dictionary<string, DateTimeOffset> _proposed = new(StringComparer.Ordinal);
    private GridSnapshot? _snapshot;
    private string _status = "starting";

    public GridSnapshot? Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Where the live grid stands when there is no snapshot yet, or why the last solve failed.</summary>
    public string Status => Volatile.Read(ref _status);

    /// <summary>Proposals made, by id, for the API and tests.</summary>
    public IReadOnlyList<string> Proposals => [.. _proposals];

    private readonly List<string> _proposals = [];

    /// <summary>The next day as last looked at; null before the first look (or without forecasts).</summary>
    public GridOutlook? Outlook => Volatile.Read(ref _outlook);

    /// <summary>The grid and its loads as last read; null before.</summary>
    public LiveGridInput? Input => Volatile.Read(ref _input);

    private LiveGridInput? _input;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Interval == TimeSpan.Zero)
        {
            _status = $"off ({EnergyOptions.Section}:Interval is 0)";
            return;
        }
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        _status = "waiting for the twin's grid entities";
        var follower = new TwinFollower(reader, LiveGridInput.Types, city, clock, logger);
        var following = follower.RunAsync((entities, _) => Volatile.Write(ref _entities, entities), stoppingToken);
        using var timer = new PeriodicTimer(options.Interval, clock);
        try
        {
            var poll = options.Interval < TimeSpan.FromSeconds(1) ? options.Interval : TimeSpan.FromSeconds(1);
            while (!Volatile.Read(ref _entities).Any(e => new NgsiEntity(e).Type == EntityTypes.BusbarSection)) await Task.Delay(poll, clock, stoppingToken);
            do
            {
                try
                {
                    await StepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Volatile.Write(ref _status, $"not solved at {clock.GetUtcNow():u}: {e.Message}");
                    logger.LogWarning("The live grid of {City} was not solved: {Problem}", city, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await following.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Solves the grid as the twin holds it now, writes the results, announces what changed and proposes relief.</summary>
    public async Task StepAsync(CancellationToken ct)
    {
        var entities = Volatile.Read(ref _entities);
        LiveGridInput input;
        try
        {
            input = LiveGridInput.Read(entities, city);
        }
        catch (GridFormatException e)
        {
            Volatile.Write(ref _status, $"the twin's grid cannot be solved: {e.Message}");
            logger.LogWarning("The twin's grid of {City} cannot be solved: {Problem}", city, e.Message);
            return;
        }
        if (input.Grid.Buses.Count == 0) return;
        Volatile.Write(ref _input, input);
        var now = clock.GetUtcNow();
        var flow = new GridPowerFlow(input.Grid);
        var state = flow.Solve(input.LoadKw);
        await WriteAsync(input.Grid, state, now, ct);
        // Each feeder's and substation's load, worked out once: the history and the snapshot both take it.
        var loads = ElementLoads(input.Grid, state).ToList();
        if (input.Metered > 0) history?.Add(input.ReadAt ?? now, loads);

        var violations = GridViolations.Find(input.Grid, state, options, city);
        var holding = GridViolations.Find(input.Grid, state, options, city, options.ClearMarginPercent);
        foreach (var change in _watch.Update(violations, holding, now))
        {
            var type = change.Active ? GridViolation.RaisedType : GridViolation.ClearedType;
            await DomainAnnouncements.PublishThenNotifyAsync<GridViolation, object?>(bus, ReliefProposals.Domain,
                CloudEvent.Create(GridViolation.Source, type, change, subject: change.Element), change, null, null, logger, ct);
            if (!change.Active) _proposed.Remove(change.Feeder ?? change.Element);
        }
        await ProposeAsync(input, flow, state, now, ct);
        if (forecasts is not null && input.ReadAt is { } readAt) await LookAheadAsync(input, flow, state, readAt, now, ct);
        if (meters is not null)
            foreach (var anomaly in meters.Observe(input))
            {
                await bus.PublishAsync(Topics.DomainEvents(ReliefProposals.Domain), CloudEvent.Create(GridViolation.Source, MeterAnomaly.Type, anomaly, subject: anomaly.Meter), ct);
                logger.LogWarning("Meter of {Meter}: {Kind} since {Since:u}", anomaly.Meter, anomaly.Kind, anomaly.Since);
            }
        Volatile.Write(ref _snapshot, SnapshotOf(input, state, loads, now));
        Volatile.Write(ref _status, $"solved {input.Grid.Buses.Count} buses at {now:u}");
    }

    /// <summary>Each feeder's load, and each substation's: what its transformers carry (its feeders' sum where it has none in the twin).</summary>
    private IEnumerable<(string Element, double LoadKw)> ElementLoads(CityGrid grid, GridState state)
    {
        for (var f = 0; f < grid.Feeders.Count; f++) yield return (EntityIds.Create(EntityTypes.Feeder, city, grid.Feeders[f].Id), state.Feeders[f].LoadKw);
        foreach (var s in grid.Substations)
        {
            double kw = 0;
            var transformers = 0;
            for (var k = 0; k < grid.Transformers.Count; k++)
                if (grid.Transformers[k].Substation == s.Id)
                {
                    kw += state.TransformerKw[k];
                    transformers++;
                }
            if (transformers == 0)
                for (var f = 0; f < grid.Feeders.Count; f++)
                    if (grid.Feeders[f].Substation == s.Id) kw += state.Feeders[f].LoadKw;
            yield return (EntityIds.Create(EntityTypes.Substation, city, s.Id), kw);
        }
    }

    /// <summary>
    /// Once per hour of forecasts: the next day solved, forecast violations raised and cleared on <c>energy.events</c>.
    /// Every solve: relief for forecast violations due within the lead time whose scope has no live proposal.
    /// </summary>
    private async Task LookAheadAsync(LiveGridInput input, GridPowerFlow flow, GridState state, DateTimeOffset readAt, DateTimeOffset now, CancellationToken ct)
    {
        var outlook = Volatile.Read(ref _outlook);
        var hour = input.Grid.Feeders.Count > 0 ? history?.LastCompleteHour(EntityIds.Create(EntityTypes.Feeder, city, input.Grid.Feeders[0].Id)) : null;
        if (outlook is null || hour != _lookedAt)
        {
            _lookedAt = hour;
            outlook = GridOutlooks.Look(input, flow, state, forecasts!, options, city);
            Volatile.Write(ref _outlook, outlook);
            foreach (var change in _forecastWatch.Update(outlook.Violations, outlook.Holding, now))
            {
                var type = change.Active ? GridViolation.ForecastType : GridViolation.ForecastClearedType;
                await DomainAnnouncements.PublishThenNotifyAsync<GridViolation, object?>(bus, ReliefProposals.Domain,
                    CloudEvent.Create(GridViolation.Source, type, change, subject: change.Element), change, null, null, logger, ct);
            }
        }
        if (options.ReliefLeadTime == TimeSpan.Zero) return;
        foreach (var violation in _forecastWatch.Active)
        {
            if (violation.ExpectedAt is not { } expected || expected - readAt > options.ReliefLeadTime || outlook.LoadsAt(expected) is not { } loads) continue;
            // A scope with a live proposal is not solved again every interval only to be skipped.
            if (_proposed.TryGetValue(violation.Feeder ?? violation.Element, out var until) && until > now) continue;
            // Planned on the forecast hour: the grid with those loads, as relief now is planned on the grid now.
            var ahead = input with { LoadKw = loads };
            await ProposeAsync(ahead, flow, flow.Solve(loads), now, [violation], ct);
        }
    }

    /// <summary>Relief for each active violation whose scope has no live proposal yet, the worst first.</summary>
    private Task ProposeAsync(LiveGridInput input, GridPowerFlow flow, GridState state, DateTimeOffset now, CancellationToken ct) =>
        ProposeAsync(input, flow, state, now, _watch.Active, ct);

    private async Task ProposeAsync(LiveGridInput input, GridPowerFlow flow, GridState state, DateTimeOffset now, IEnumerable<GridViolation> violations, CancellationToken ct)
    {
        var planner = new ReliefPlanner(options, city);
        foreach (var violation in violations.OrderByDescending(v => v.Kind == GridViolation.Overload ? v.Value / v.Limit : Math.Abs(1 - v.Value) * 20))
        {
            var scope = violation.Feeder ?? violation.Element;
            if (_proposed.TryGetValue(scope, out var until) && until > now) continue;
            var plan = planner.Plan(input, flow, state, violation);
            // Nothing that works is not proposed again until the proposal lifetime has passed: the grid may change.
            _proposed[scope] = now + options.ProposalLifetime;
            if (plan is null)
            {
                logger.LogWarning("No relief found for {Kind} of {Element}: no change tried fixes it without another violation", violation.Kind, violation.Element);
                continue;
            }
            var proposal = ReliefProposals.Create(plan, violation, now, options);
            await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(GridViolation.Source, Contracts.Actions.ActionProposal.EventType, proposal, subject: proposal.Target), ct);
            lock (_proposals) _proposals.Add(proposal.Id);
            logger.LogInformation("Proposed {Type} for {Scope}: {Summary}", proposal.Type, scope, proposal.Summary);
        }
    }

    private async Task WriteAsync(CityGrid grid, GridState state, DateTimeOffset at, CancellationToken ct)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        JsonObject Number(double value, string unit, int digits) => new() { ["type"] = "Property", ["value"] = Math.Round(value, digits), ["unitCode"] = unit, ["observedAt"] = stamp };
        var batch = new List<JsonObject>(WriteBatch);
        var problems = 0;
        async Task Add(string type, string local, JsonObject attributes)
        {
            attributes["id"] = EntityIds.Create(type, city, local);
            attributes["type"] = type;
            batch.Add(attributes);
            if (batch.Count >= WriteBatch) await FlushAsync();
        }
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var problem = await writer.WriteManyAsync(JsonSerializer.SerializeToElement(batch), ct);
            if (problem is not null && problems++ == 0) logger.LogWarning("The twin refused some of the grid's live state: {Problem}", problem);
            batch.Clear();
        }
        for (var i = 0; i < grid.Buses.Count; i++)
        {
            var attributes = new JsonObject { ["energised"] = new JsonObject { ["type"] = "Property", ["value"] = state.Energised[i], ["observedAt"] = stamp } };
            if (state.Energised[i] && double.IsFinite(state.VoltagePu[i])) attributes["voltage"] = Number(state.VoltagePu[i], UnitCodes.PerUnit, 5);
            await Add(EntityTypes.BusbarSection, grid.Buses[i].Id, attributes);
        }
        for (var k = 0; k < grid.Lines.Count; k++)
            await Add(EntityTypes.ACLineSegment, grid.Lines[k].Id, new JsonObject
            {
                ["activePower"] = Number(state.LineKw[k], UnitCodes.Kilowatt, 1), ["loading"] = Number(state.LineLoadingPercent[k], UnitCodes.Percent, 1),
            });
        for (var k = 0; k < grid.Transformers.Count; k++)
            await Add(EntityTypes.PowerTransformer, grid.Transformers[k].Id, new JsonObject
            {
                ["activePower"] = Number(state.TransformerKw[k], UnitCodes.Kilowatt, 1), ["loading"] = Number(state.TransformerLoadingPercent[k], UnitCodes.Percent, 1),
            });
        foreach (var f in state.Feeders)
        {
            var attributes = new JsonObject { ["load"] = Number(f.LoadKw, UnitCodes.Kilowatt, 1), ["loading"] = Number(f.LoadingPercent, UnitCodes.Percent, 1) };
            if (double.IsFinite(f.LowestVoltagePu)) attributes["lowestVoltage"] = Number(f.LowestVoltagePu, UnitCodes.PerUnit, 5);
            await Add(EntityTypes.Feeder, f.Id, attributes);
        }
        await FlushAsync();
    }

    private GridSnapshot SnapshotOf(LiveGridInput input, GridState state, IReadOnlyList<(string Element, double LoadKw)> loads, DateTimeOffset at)
    {
        var grid = input.Grid;
        var lowest = Enumerable.Range(0, grid.Buses.Count).Where(i => state.Energised[i] && !grid.Buses[i].Source && double.IsFinite(state.VoltagePu[i]))
            .DefaultIfEmpty(-1).MinBy(i => i < 0 ? double.MaxValue : state.VoltagePu[i]);
        string Entity(string type, string local) => EntityIds.Create(type, city, local);
        var feeders = grid.Feeders.Zip(state.Feeders, (f, s) => new FeederSnapshot(Entity(EntityTypes.Feeder, f.Id), f.Name, Entity(EntityTypes.Substation, f.Substation),
            Math.Round(s.LoadKw, 1), f.RatedKva, Math.Round(s.LoadingPercent, 1), double.IsFinite(s.LowestVoltagePu) ? Math.Round(s.LowestVoltagePu, 5) : null,
            s.LowestBus is null ? null : Entity(EntityTypes.BusbarSection, s.LowestBus), s.Energised)).ToList();
        var transformers = grid.Transformers.Select((t, k) => new TransformerSnapshot(Entity(EntityTypes.PowerTransformer, t.Id), Entity(EntityTypes.Substation, t.Substation),
            Math.Round(state.TransformerKw[k], 1), t.RatedKva, Math.Round(state.TransformerLoadingPercent[k], 1))).ToList();
        return new GridSnapshot(at, grid.Substations.Count, grid.Buses.Count, input.Metered, grid.Lines.Count, grid.Feeders.Count,
            Math.Round(input.LoadKw.Sum(), 1), Math.Round(state.LossKw, 1), Math.Round(state.UnservedKw, 1),
            lowest < 0 ? null : Math.Round(state.VoltagePu[lowest], 5), lowest < 0 ? null : Entity(EntityTypes.BusbarSection, grid.Buses[lowest].Id),
            feeders, transformers, [.. _watch.Active], [.. state.Failures.Select(f => $"island of {f.SourceBus}: {f.Reason}")],
            [.. Enumerable.Range(0, grid.Buses.Count).Where(i => input.Shed[i]).Select(i => Entity(EntityTypes.BusbarSection, grid.Buses[i].Id))],
            [.. grid.Substations.Zip(loads.Skip(grid.Feeders.Count), (s, load) => new SubstationSnapshot(load.Element, s.Name,
                Math.Round(load.LoadKw, 1), s.RatedKva, s.RatedKva > 0 ? Math.Round(load.LoadKw / GridPowerFlow.LoadPowerFactor / s.RatedKva * 100, 1) : null))]);
    }
}
