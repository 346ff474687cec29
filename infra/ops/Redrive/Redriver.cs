namespace LambdaSuite.Redrive;

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
