using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>
/// FIWARE Smart Data Models examples (../shared/ngsi-ld/smart-data-models, normalized NGSI-LD as published) through
/// every store: each valid one is kept and read back with every member equal; an invalid one is refused naming the
/// field. Names are read as the store keeps them (the HTTP tests resolve each example's own @context).
/// </summary>
public abstract partial class TwinStoreContract
{
    public static TheoryData<string> SmartDataModelExamples => [.. SmartDataModels.Examples()];

    [Theory]
    [MemberData(nameof(SmartDataModelExamples))]
    public async Task A_smart_data_model_example_round_trips_or_is_refused_naming_the_field(string example)
    {
        var sent = SmartDataModels.WithoutContext(example);
        using var document = JsonDocument.Parse(sent.ToJsonString());
        if (SmartDataModels.KnownInvalid.TryGetValue(example, out var field))
        {
            var problem = Assert.Throws<NgsiProblemException>(() => NgsiLdCodec.ReadEntity(document.RootElement, LdContext.CityMesh)).Problem;
            Assert.Contains(problem.Errors ?? [new(problem.Field ?? "", "")], e => e.Field == field);
            return;
        }
        var entity = NgsiLdCodec.ReadEntity(document.RootElement, LdContext.CityMesh);
        var store = await StoreAsync();
        Assert.Equal(WriteOutcome.Created, await store.CreateAsync(entity));
        var stored = await MustGetAsync(store, entity.Id);
        var read = JsonNode.Parse(NgsiLdCodec.ToUtf8(stored));
        SmartDataModels.AssertSameMembers(sent, read!.AsObject());
    }
}
