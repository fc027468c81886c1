using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Events;
using CityMesh.Messaging;

namespace CityMesh.Governance.Tests.Actions;

public sealed class ProposalReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    private static CloudEvent Event(JsonNode data) => new()
    {
        Id = "e1",
        Source = "/citymesh/transport",
        Type = ActionProposal.EventType,
        Data = JsonSerializer.SerializeToElement(data),
    };

    private static JsonObject Valid() => JsonSerializer.SerializeToNode(Proposals.Retiming("a1", T0), JsonSerializerOptions.Web)!.AsObject();

    [Fact]
    public void A_valid_proposal_reads_back_whole()
    {
        var proposal = ProposalReader.Read(Event(Valid()));

        Assert.Equal(("a1", Proposals.Type, "webster-sim"), (proposal.Id, proposal.Type, proposal.Model.Name));
        Assert.Equal(6, proposal.Measures["maxGreenChangeSeconds"]);
        Assert.Equal(-42.5, proposal.Evidence.GetProperty("delayChangeSeconds").GetDouble());
        Assert.Equal(Proposals.Signal, Assert.Single(proposal.Effect).EntityId);
    }

    [Theory]
    [InlineData("id", "'id'")]
    [InlineData("target", "'target'")]
    [InlineData("model", "'model'")]
    [InlineData("expiresAt", "'expiresAt'")]
    [InlineData("evidence", "evidence is missing")]
    public void A_missing_field_is_poison_naming_it(string field, string named)
    {
        var data = Valid();
        data.Remove(field);

        var poison = Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(data)));

        Assert.Contains(named, poison.Message);
        Assert.Contains("event e1", poison.Message);
    }

    [Fact]
    public void A_blank_field_is_poison_naming_it()
    {
        var data = Valid();
        data["summary"] = " ";

        Assert.Contains("summary is missing or blank", Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(data))).Message);
    }

    [Fact]
    public void An_unknown_field_is_poison_naming_it()
    {
        var data = Valid();
        data["autonomy"] = "act-within-guardrails";

        Assert.Contains("'autonomy'", Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(data))).Message);
    }

    [Fact]
    public void An_expiry_not_after_the_proposal_is_poison()
    {
        var data = Valid();
        data["expiresAt"] = T0.AddMinutes(-1).ToString("O");

        Assert.Contains("expiresAt 2026-05-04T07:59:00.0000000+00:00 is not after proposedAt",
            Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(data))).Message);
    }

    [Fact]
    public void A_patch_without_attributes_is_poison_naming_it()
    {
        var data = Valid();
        data["effect"] = new JsonArray(new JsonObject { ["entityId"] = Proposals.Signal, ["attributes"] = new JsonArray() });

        Assert.Contains("effect[0].attributes", Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(data))).Message);
    }

    [Fact]
    public void Another_event_type_or_non_object_data_is_poison()
    {
        Assert.Contains("not 'io.citymesh.action.proposed'",
            Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(Valid()) with { Type = "io.citymesh.other" })).Message);
        Assert.Contains("not a JSON object",
            Assert.Throws<PoisonEventException>(() => ProposalReader.Read(Event(JsonValue.Create(3)))).Message);
    }
}
