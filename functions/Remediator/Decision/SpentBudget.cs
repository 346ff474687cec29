namespace LambdaSuite.Remediator.Decision;

/// <summary>Every fleet budget slot is held: when the first of them frees (when known), and since when all are held, the name of the engagement.</summary>
internal readonly record struct SpentBudget(DateTimeOffset? ReleasesAt, DateTimeOffset Since);
