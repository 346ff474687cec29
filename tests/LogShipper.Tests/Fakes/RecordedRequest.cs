namespace LogShipper.Tests.Fakes;

/// <summary>One request as the store received it (the SDK request object).</summary>
internal sealed record RecordedRequest(object Request);
