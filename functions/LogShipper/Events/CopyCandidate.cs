namespace LambdaSuite.LogShipper.Events;

/// <summary>An object-created event to copy, unless a skip rule says otherwise.</summary>
internal sealed record CopyCandidate(string? MessageId, ObjectEvent Object) : WorkItem(MessageId);
