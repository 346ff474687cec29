using LambdaSuite.TestSupport;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>xUnit 2 reads collection definitions only from the test assembly itself.</summary>
[CollectionDefinition(LocalAwsGroup.Name)]
public sealed class LocalAwsDefinition : ICollectionFixture<LocalAws>;
