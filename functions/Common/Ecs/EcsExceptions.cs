using System.Net;

// Constructed only by EcsClient from a response, so the serialization-era constructor set
// (CA1032) would be dead code; names mirror AWSSDK.ECS so catch clauses survive a swap to it.
#pragma warning disable CA1032
namespace LambdaSuite.Common.Ecs;

/// <summary>
/// An ECS call that failed. <see cref="ErrorCode"/> is the short AWS error name (e.g.
/// ClusterNotFoundException); <see cref="StatusCode"/> is null when no response arrived
/// (transport error or timeout).
/// </summary>
public class AmazonEcsException : Exception
{
    public AmazonEcsException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId, bool isRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        IsRetryable = isRetryable;
    }

    public string ErrorCode { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The x-amzn-RequestId of the failed response; quote it to AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>Throttling, 5xx and transport failures: the same request may succeed later.</summary>
    public bool IsRetryable { get; }
}

public sealed class ClusterNotFoundException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: false);

public sealed class ServiceNotFoundException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: false);

public sealed class InvalidParameterException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: false);

public sealed class AccessDeniedException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: false);

/// <summary>ECS's catch-all for caller mistakes (HTTP 400).</summary>
public sealed class ClientException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: false);

/// <summary>A fault on the ECS side (HTTP 5xx).</summary>
public sealed class ServerException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: true);

/// <summary>Rate limited (HTTP 429 or one of the throttling error codes; <see cref="AmazonEcsException.ErrorCode"/> keeps which).</summary>
public sealed class ThrottlingException(string message, string errorCode, HttpStatusCode? statusCode, string? requestId)
    : AmazonEcsException(message, errorCode, statusCode, requestId, isRetryable: true);
#pragma warning restore CA1032
