namespace LambdaSuite.Redrive;

/// <summary>One message as received: its id, its receipt handle, its body.</summary>
internal sealed record QueueMessage(string MessageId, string ReceiptHandle, string Body);

internal interface IFailureQueue
{
    /// <summary>Up to 10 messages, hidden from other readers for <paramref name="hideFor"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan hideFor, CancellationToken cancellationToken);

    Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken);

    /// <summary>Makes a message visible again at once (dry run, or an invoke that was not accepted).</summary>
    Task ReleaseAsync(QueueMessage message, CancellationToken cancellationToken);
}

/// <summary>Re-invokes the function asynchronously; true when the invoke was accepted.</summary>
internal interface IInvoker
{
    /// <summary>The function name records are checked against (null: not checked).</summary>
    string? FunctionName { get; }

    Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken);
}

internal sealed record RedriveCounts(int Messages, int Invoked, int Deleted, int Failed, int Unrecognised, int OtherFunction, bool Applied)
{
    public override string ToString() => Applied
        ? $"messages={Messages} invoked={Invoked} deleted={Deleted} failed={Failed} unrecognised={Unrecognised} other-function={OtherFunction}"
        : $"dry-run messages={Messages} would-invoke={Invoked} unrecognised={Unrecognised} other-function={OtherFunction}";
}

/// <summary>
/// Drains the queue once: every message is looked at exactly once per run. A message is deleted
/// only after its invoke was accepted; everything else (dry run, unreadable, another function's,
/// a refused invoke) is made visible again at the end, so a crash or a rerun loses nothing.
/// </summary>
internal sealed class Redriver(IFailureQueue queue, IInvoker invoker, Action<string> report)
{
    /// <summary>Long enough for a local (synchronous) invoke; released early at the end of the run.</summary>
    public static readonly TimeSpan HideFor = TimeSpan.FromMinutes(5);

    public async Task<RedriveCounts> RunAsync(bool apply, int max, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var release = new List<QueueMessage>();
        int invoked = 0, deleted = 0, failed = 0, unrecognised = 0, other = 0;
        try
        {
            while (seen.Count < max)
            {
                var received = await queue.ReceiveAsync(HideFor, cancellationToken);
                if (!received.Any(m => !seen.Contains(m.MessageId)))
                {
                    // Empty, or only messages this run already looked at (their hide time ran out): done.
                    release.AddRange(received);
                    break;
                }

                foreach (var message in received)
                {
                    if (seen.Count >= max || !seen.Add(message.MessageId))
                    {
                        release.Add(message);
                        continue;
                    }

                    var record = FailureRecords.Read(message.Body);
                    if (record is null)
                    {
                        unrecognised++;
                        release.Add(message);
                        report($"{message.MessageId} left: not a Lambda failure record or EventBridge event");
                        continue;
                    }

                    if (invoker.FunctionName is { } target && record.FunctionName is { } owner && owner != target)
                    {
                        other++;
                        release.Add(message);
                        report($"{message.MessageId} left: a record of function {owner}, not {target}");
                        continue;
                    }

                    invoked++;
                    if (!apply)
                    {
                        release.Add(message);
                        report($"{message.MessageId} would invoke ({record.Description}, {record.Payload.Length} bytes)");
                        continue;
                    }

                    var (accepted, detail) = await invoker.InvokeAsync(record.Payload, cancellationToken);
                    if (!accepted)
                    {
                        failed++;
                        release.Add(message);
                        report($"{message.MessageId} left: invoke not accepted ({detail})");
                        continue;
                    }

                    await queue.DeleteAsync(message, cancellationToken);
                    deleted++;
                    report($"{message.MessageId} redriven ({record.Description}; {detail})");
                }
            }
        }
        finally
        {
            foreach (var message in release)
            {
                await queue.ReleaseAsync(message, CancellationToken.None);
            }
        }

        return new RedriveCounts(seen.Count, invoked, deleted, failed, unrecognised, other, apply);
    }
}
