namespace LambdaSuite.Redrive;

internal interface IFailureQueue
{
    /// <summary>Up to 10 messages, hidden from other readers for <paramref name="hideFor"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan hideFor, CancellationToken cancellationToken);

    Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken);

    /// <summary>Makes a message visible again at once (dry run, or an invoke that was not accepted).</summary>
    Task ReleaseAsync(QueueMessage message, CancellationToken cancellationToken);
}
