namespace LambdaSuite.Remediator.Locking;

/// <summary>Who held an IN_PROGRESS lock whose in-progress expiry had passed when it was taken over.</summary>
internal sealed record LockTakeover(string? Owner, string? AlarmName, string? EventId, string? AcquiredAt, DateTimeOffset? InProgressExpiredAt);
