using Xunit;

namespace LambdaSuite.TestSupport;

/// <summary>
/// The collection whose test classes share one <see cref="LocalAws"/> per test assembly. xUnit 2 reads
/// collection definitions only from the test assembly itself, so each integration test project compiles
/// this file as a linked item (TestSupport leaves it out of its own build).
/// </summary>
[CollectionDefinition(LocalAwsGroup.Name)]
public sealed class LocalAwsDefinition : ICollectionFixture<LocalAws>;
