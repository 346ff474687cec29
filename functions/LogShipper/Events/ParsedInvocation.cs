namespace LambdaSuite.LogShipper.Events;

/// <param name="Batch">Set for the Batch Operations shape only: its answer is per task, never an exception.</param>
internal sealed record ParsedInvocation(TriggerShape Shape, IReadOnlyList<WorkItem> Items, BatchJob? Batch = null);
