namespace AccountSnapshots.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(AzuriteCollectionDefinition.Name)]</c> share one Azurite process and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Azurite";
}
