using LambdaSuite.TestSupport;
using Xunit;

namespace LogShipper.IntegrationTests;

[CollectionDefinition(LocalAwsGroup.Name)]
public sealed class LocalAwsDefinition : ICollectionFixture<LocalAws>;
