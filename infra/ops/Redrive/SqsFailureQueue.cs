using Amazon.SQS;
using Amazon.SQS.Model;

namespace LambdaSuite.Redrive;

/// <summary>The failure queue through AWSSDK.SQS (endpoint, region and credentials resolved by the SDK).</summary>
internal sealed class SqsFailureQueue(IAmazonSQS sqs, string queueUrl, Action<string> report) : IFailureQueue
{
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan hideFor, CancellationToken cancellationToken)
    {
        // Long polling asks every SQS server, so an empty answer means the queue has nothing visible.
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 2,
            VisibilityTimeout = (int)hideFor.TotalSeconds,
        }, cancellationToken);
        return [.. (response.Messages ?? []).Select(m => new QueueMessage(m.MessageId, m.ReceiptHandle, m.Body))];
    }

    public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
        => sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken);

    public async Task ReleaseAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, cancellationToken);
        }
        catch (AmazonSQSException e)
        {
            // Best effort: the message reappears when its hide time ends anyway.
            report($"{message.MessageId} stays hidden until its visibility timeout ends ({e.ErrorCode}: {e.Message})");
        }
    }
}
