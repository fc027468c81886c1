using System.Text.RegularExpressions;
using CityMesh.Access;
using CityMesh.Contracts.Actions;
using CityMesh.Messaging;

namespace CityMesh.Governance.Actions.Events;

/// <summary>
/// Who proposed an action: the domain service that published the event, as its <c>source</c> (<c>/citymesh/DOMAIN</c>)
/// says. The source is set by the publishing service and carried by a transport that only CityMesh services can
/// publish on (in-process; Dapr with the app token on deliveries and publishing scopes on <c>actions.proposed</c>;
/// Kafka with its ACLs), so it can be trusted where the proposal's own <c>domain</c> field cannot: a proposal that
/// claims another domain than the service that sent it, or comes from no domain service, is refused.
/// </summary>
public static partial class ProposalOrigin
{
    /// <summary>The services that propose actions.</summary>
    public static readonly IReadOnlySet<string> Domains = new HashSet<string>(StringComparer.Ordinal) { "transport", "health", "energy", "safety" };

    /// <exception cref="PoisonEventException">The event's source is no domain service, or the proposal claims another.</exception>
    public static Caller Of(CloudEvent cloudEvent, ActionProposal proposal)
    {
        var match = SourcePattern().Match(cloudEvent.Source);
        if (!match.Success || !Domains.Contains(match.Groups[1].Value))
            throw new PoisonEventException($"proposal in event {cloudEvent.Id}: source '{cloudEvent.Source}' is not a domain service " +
                $"(/citymesh/{string.Join("|", Domains.Order(StringComparer.Ordinal))}); only they propose actions");
        var domain = match.Groups[1].Value;
        if (proposal.Domain != domain)
            throw new PoisonEventException($"proposal in event {cloudEvent.Id}: domain '{proposal.Domain}' is not the service that sent it, {domain}");
        if (!proposal.Type.StartsWith(domain + ".", StringComparison.Ordinal))
            throw new PoisonEventException($"proposal in event {cloudEvent.Id}: type '{proposal.Type}' is not one of {domain}'s ({domain}.*)");
        return Caller.Service(domain);
    }

    [GeneratedRegex("^/citymesh/([a-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();
}
