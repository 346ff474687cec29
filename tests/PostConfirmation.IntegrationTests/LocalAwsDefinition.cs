using LambdaSuite.TestSupport;
using Xunit;

namespace PostConfirmation.IntegrationTests;

[CollectionDefinition(LocalAwsGroup.Name)]
public sealed class LocalAwsDefinition : ICollectionFixture<LocalAws>;
