using System.Net;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// An ECS call that failed. <see cref="ErrorCode"/> is the short AWS error name (e.g.
/// ClusterNotFoundException), as AWSSDK.ECS reports it, so code that reads it survives a swap to
/// that package; <see cref="StatusCode"/> is null when no response arrived (transport error or timeout).
/// </summary>
/// <remarks>Constructed only from a response or a failed attempt, so the serialization-era constructor set would be dead code.</remarks>
#pragma warning disable CA1032
internal sealed class AmazonEcsException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId, bool isRetryable, Exception? innerException = null)
    : Exception(message, innerException)
#pragma warning restore CA1032
{
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The x-amzn-RequestId of the failed response; quote it to AWS support.</summary>
    public string? RequestId { get; } = requestId;

    /// <summary>Throttling, 5xx and transport failures: the same request may succeed later.</summary>
    public bool IsRetryable { get; } = isRetryable;
}
