namespace CityMesh.Twin.Client;

/// <summary>An entity's history as <see cref="TwinReaderClient.AggregateHistoryAsync"/> answers: per attribute asked, its periods with a number in them.</summary>
public sealed record TwinHistory(string Id, string Type, IReadOnlyDictionary<string, IReadOnlyList<TwinHistoryPeriod>> Attributes);

/// <summary>One period of an attribute's history: when it starts, how many instances it holds, and their mean and extremes.</summary>
public sealed record TwinHistoryPeriod(DateTimeOffset Start, long Count, double Mean, double Min, double Max);
