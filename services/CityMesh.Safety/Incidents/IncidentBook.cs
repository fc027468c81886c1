using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Incidents;

/// <summary>What opens an incident, or adds to the one open for the same cause.</summary>
/// <param name="Cause">A detection's key (<c>flood</c>, <c>leak:area-2</c>); null for an incident opened by hand.</param>
public sealed record IncidentReport(string Kind, string Title, string Severity, string Text, double? Longitude = null, double? Latitude = null,
    IReadOnlyCollection<string>? Affected = null, string? Cause = null, string? Ref = null);

/// <summary>
/// Safety's register of incidents, kept in the twin as <c>Incident</c> entities (safety is their keeper: the twin lets
/// no other service write them). Changes are made here first, under one lock, and written to the twin by one loop in
/// the order they were made; a write the twin refuses or cannot take stays pending and is tried again, so a twin
/// restarting loses nothing. After each write the incident is announced on <c>safety.events</c>. On start the open and
/// closed incidents are read back from the twin (with which action belongs to which), so a restart carries on.
/// </summary>
public sealed class IncidentBook(TwinReaderConnection reader, TwinWriter writer, IEventBus bus, string city, TimeProvider clock, ILogger<IncidentBook> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    public const string Actor = "service:safety";
    public const string Domain = "safety";

    /// <summary>Entities and timeline lines an incident keeps at most: a long flood touches many roads, but the twin holds one entity.</summary>
    public const int MaxAffected = 1000, MaxTimeline = 1000;

    /// <summary>How long a detection waits for the twin's incidents to be read before opening a new one anyway.</summary>
    public static readonly TimeSpan AdoptionWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _openByCause = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byAction = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inTwin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal); // id -> the announcement its write makes
    private readonly TaskCompletionSource _adopted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Incidents newest first; <paramref name="status"/> open or closed, or null for all.</summary>
    public IReadOnlyList<Incident> List(string? status = null)
    {
        lock (_gate) return [.. _incidents.Values.Where(i => status is null || i.Status == status).OrderByDescending(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public Incident? Find(string id)
    {
        lock (_gate) return _incidents.GetValueOrDefault(id);
    }

    /// <summary>
    /// The cause of the newest open incident of <paramref name="kind"/> that names <paramref name="entity"/> among those it
    /// affects, if one does: what a later step on the same thing (a main's isolation after the watch's leak) joins.
    /// </summary>
    public string? OpenCauseAffecting(string kind, string entity)
    {
        lock (_gate)
            return _incidents.Values.Where(i => i.IsOpen && i.Kind == kind && i.Cause is not null && i.Affected.Contains(entity))
                .OrderByDescending(i => i.OpenedAt).FirstOrDefault()?.Cause;
    }

    /// <summary>The open incident of a detection's cause, if there is one.</summary>
    public Incident? OpenFor(string cause)
    {
        lock (_gate) return _openByCause.TryGetValue(cause, out var id) ? _incidents[id] : null;
    }

    /// <summary>Whether every change to the incident has reached the twin.</summary>
    public bool IsSaved(string id)
    {
        lock (_gate) return !_pending.ContainsKey(id);
    }

    /// <summary>
    /// A detection: adds to the incident open for <see cref="IncidentReport.Cause"/> (its affected entities, a higher
    /// severity, a line on its timeline), or opens one.
    /// </summary>
    public async Task<Incident> RaiseAsync(IncidentReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report.Cause);
        await _adopted.Task.WaitAsync(AdoptionWait, clock, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        Incident incident;
        lock (_gate)
        {
            if (_openByCause.TryGetValue(report.Cause, out var id))
            {
                var open = _incidents[id];
                var severity = IncidentTerms.Rank(report.Severity) > IncidentTerms.Rank(open.Severity) ? report.Severity : open.Severity;
                incident = Change(open with { Severity = severity, Affected = Merge(open.Affected, report.Affected) },
                    new IncidentEvent(clock.GetUtcNow(), severity != open.Severity ? "severity" : "alert", report.Text, report.Ref, Actor), Incident.UpdatedType);
            }
            else incident = Open(report, Actor);
        }
        await FlushAsync(ct);
        return incident;
    }

    /// <summary>An operator opens an incident by hand.</summary>
    public async Task<Incident> OpenAsync(IncidentReport report, string actor, CancellationToken ct)
    {
        Incident incident;
        lock (_gate) incident = Open(report with { Cause = null }, actor);
        await FlushAsync(ct);
        return incident;
    }

    /// <summary>A line on an open incident's timeline, with more affected entities or a new severity; null when there is no such open incident.</summary>
    public async Task<Incident?> NoteAsync(string id, IncidentEvent line, IReadOnlyCollection<string>? affected = null, string? severity = null, CancellationToken ct = default)
    {
        Incident? incident;
        lock (_gate)
        {
            if (!_incidents.TryGetValue(id, out var open) || !open.IsOpen) return null;
            incident = Change(open with { Affected = Merge(open.Affected, affected), Severity = severity ?? open.Severity }, line, Incident.UpdatedType);
        }
        await FlushAsync(ct);
        return incident;
    }

    /// <summary>A proposal made about an incident: on its timeline, and its decisions will be too.</summary>
    public Task<Incident?> ProposedAsync(ActionProposal proposal, CancellationToken ct)
    {
        if (proposal.Incident is not { } id) return Task.FromResult<Incident?>(null);
        lock (_gate) _byAction[proposal.Id] = id;
        // What it acts on is affected too: the roads it closes, the buildings it evacuates.
        var affected = proposal.Effect.Select(e => e.EntityId).Prepend(proposal.Target).Where(t => t.StartsWith(EntityIds.Prefix, StringComparison.Ordinal)).ToList();
        return NoteAsync(id, new IncidentEvent(proposal.ProposedAt, "proposed", proposal.Summary, proposal.Id, $"service:{proposal.Domain}"), affected, ct: ct);
    }

    /// <summary>Governance decided on an action: on the timeline of the incident it was proposed about, open or closed.</summary>
    public async Task OnDecidedAsync(ActionDecision decision, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_byAction.TryGetValue(decision.ActionId, out var id) || !_incidents.TryGetValue(id, out var incident)) return;
            var status = decision.Status.ToString().ToLowerInvariant();
            var text = $"{decision.Type} {status}{(decision.Overridden ? " with the operator's own effect" : "")}"
                + (decision.Reason is { Length: > 0 } reason ? $": {reason}" : "") + (decision.Error is { } error ? $" ({error})" : "");
            Change(incident, new IncidentEvent(decision.At, status, text, decision.ActionId, decision.Actor), Incident.UpdatedType);
        }
        await FlushAsync(ct);
    }

    /// <summary>Closes an open incident; null when there is no such open incident.</summary>
    public async Task<Incident?> CloseAsync(string id, string actor, string reason, CancellationToken ct)
    {
        Incident? closed;
        lock (_gate)
        {
            if (!_incidents.TryGetValue(id, out var open) || !open.IsOpen) return null;
            var now = clock.GetUtcNow();
            closed = Change(open with { Status = IncidentTerms.Closed, ClosedAt = now }, new IncidentEvent(now, "closed", reason, null, actor), Incident.ClosedType);
            if (open.Cause is { } cause) _openByCause.Remove(cause);
        }
        await FlushAsync(ct);
        return closed;
    }

    /// <summary>
    /// A detection's cause is over (every gauge below its line): its incident closes, if one is open. At once, so a
    /// new alert a moment later opens a new incident; the write follows on the book's loop.
    /// </summary>
    public Incident? CloseCause(string cause, string reason)
    {
        lock (_gate)
        {
            if (!_openByCause.Remove(cause, out var id)) return null;
            var now = clock.GetUtcNow();
            return Change(_incidents[id] with { Status = IncidentTerms.Closed, ClosedAt = now }, new IncidentEvent(now, "closed", reason, null, Actor), Incident.ClosedType);
        }
    }

    private Incident Open(IncidentReport report, string actor)
    {
        var now = clock.GetUtcNow();
        var id = EntityIds.Create(EntityTypes.Incident, city, $"{report.Kind}-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var incident = new Incident(id, report.Kind, report.Title, report.Severity, IncidentTerms.Open, report.Longitude, report.Latitude, now, actor, null,
            report.Cause, Merge([], report.Affected), [new IncidentEvent(now, "opened", report.Text, report.Ref, actor)]);
        _incidents[id] = incident;
        if (report.Cause is { } cause) _openByCause[cause] = id;
        _pending[id] = Incident.OpenedType;
        _wake.Release();
        logger.LogInformation("Incident {Id} opened by {Actor}: {Title} ({Severity})", id, actor, report.Title, report.Severity);
        return incident;
    }

    /// <summary>Under the lock: the incident with one more timeline line, pending its write.</summary>
    private Incident Change(Incident incident, IncidentEvent line, string announcement)
    {
        var timeline = incident.Timeline.Count < MaxTimeline
            ? [.. incident.Timeline, line]
            : (IReadOnlyList<IncidentEvent>)[incident.Timeline[0], .. incident.Timeline.Skip(incident.Timeline.Count - MaxTimeline + 2), line];
        var changed = incident with { Timeline = timeline };
        _incidents[incident.Id] = changed;
        // An opening not written yet stays an opening; a closing stays a closing.
        if (!_pending.TryGetValue(incident.Id, out var waiting) || waiting == Incident.UpdatedType) _pending[incident.Id] = announcement;
        _wake.Release();
        return changed;
    }

    private static List<string> Merge(IReadOnlyList<string> known, IReadOnlyCollection<string>? more)
    {
        var merged = new List<string>(known);
        if (more is null) return merged;
        var seen = new HashSet<string>(known, StringComparer.Ordinal);
        foreach (var id in more)
        {
            if (merged.Count >= MaxAffected) break;
            if (seen.Add(id)) merged.Add(id);
        }
        return merged;
    }

    /// <summary>Writes every pending incident to the twin, in turn; what fails stays pending for the loop to try again.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            List<(Incident Incident, string Announcement)> due;
            lock (_gate) due = [.. _pending.Select(p => (_incidents[p.Key], p.Value))];
            foreach (var (incident, announcement) in due)
            {
                bool created;
                lock (_gate) created = _inTwin.Contains(incident.Id);
                var error = created
                    ? await writer.WriteAttributesAsync(incident.Id, IncidentEntity.Attributes(incident), ct)
                    : await writer.CreateAsync(IncidentEntity.ToNgsi(incident), ct);
                if (error is not null && !created && error.Contains(" 409 ", StringComparison.Ordinal))
                    error = await writer.WriteAttributesAsync(incident.Id, IncidentEntity.Attributes(incident), ct); // written before a lost answer
                if (error is not null)
                {
                    logger.LogWarning("Incident {Id} not written to the twin yet (tried again in {Delay}): {Error}", incident.Id, RetryDelay, error);
                    continue;
                }
                lock (_gate)
                {
                    _inTwin.Add(incident.Id);
                    // Changed again meanwhile: still pending, with its newest state, and no longer an opening once written.
                    if (ReferenceEquals(_incidents[incident.Id], incident)) _pending.Remove(incident.Id);
                    else if (_pending.TryGetValue(incident.Id, out var next) && next == Incident.OpenedType) _pending[incident.Id] = Incident.UpdatedType;
                }
                try
                {
                    await bus.PublishAsync(Topics.DomainEvents(Domain), CloudEvent.Create(FloodAlert.Source, announcement, incident, subject: incident.Id), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Incident {Id} is in the twin but could not be announced: {Error}", incident.Id, e.Message);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        var follower = new TwinFollower(reader, [EntityTypes.Incident], city, clock, logger);
        var following = follower.RunAsync(Adopt, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(RetryDelay, stoppingToken);
                bool pending;
                lock (_gate) pending = _pending.Count > 0;
                if (pending) await FlushAsync(stoppingToken);
            }
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

    /// <summary>
    /// The twin's incidents, read at start (and after the view restarts): those this book does not hold yet are taken
    /// in, with the actions on their timelines. What the book holds already is its own, newer or equal.
    /// </summary>
    private void Adopt(IReadOnlyCollection<System.Text.Json.JsonElement> entities, bool first)
    {
        lock (_gate)
        {
            foreach (var json in entities)
            {
                var entity = new NgsiEntity(json);
                _inTwin.Add(entity.Id);
                if (_incidents.ContainsKey(entity.Id)) continue;
                if (IncidentEntity.FromNgsi(entity, out var problem) is not { } incident)
                {
                    logger.LogWarning("Incident {Id} in the twin cannot be read and is left out: {Problem}", entity.Id, problem);
                    continue;
                }
                _incidents[incident.Id] = incident;
                if (incident.IsOpen && incident.Cause is { } cause) _openByCause.TryAdd(cause, incident.Id);
                foreach (var line in incident.Timeline.Where(l => l.Kind == "proposed" && l.Ref is not null)) _byAction[line.Ref!] = incident.Id;
            }
        }
        if (first) _adopted.TrySetResult();
    }
}
