using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests;

[CollectionDefinition(LocalAwsGroup.Name)]
public sealed class LocalAwsDefinition : ICollectionFixture<LocalAws>;
