using System.Security.Authentication;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>
/// Turns a failed TLS handshake into one line that says why: .NET's own message is "The SSL
/// connection could not be established, see inner exception", and the functions log and return
/// the message only. The inner exception, the error kind and the status code stay as they were.
/// </summary>
/// <remarks>
/// A rejected certificate is retried by the SDK like a dropped connection (a handshake per attempt
/// before the call fails), and is left so: AWSSDK.Core's RetryPolicy.IsTransientError retries every
/// HttpRequestException that is not a service error, with no setting on ClientConfig to exempt one.
/// Not retrying it would take either another exception type (which changes what each function's
/// error handling sees: LogShipper's network category, PostConfirmation's, the Remediator's ECS
/// client) or replacing the SDK's retry handler for every client through its global pipeline
/// customizer registry. The attempts are few and bounded (AwsCallLimits.MaxErrorRetry).
/// </remarks>
internal sealed class TlsFailureHandler(HttpMessageHandler inner, TlsTrust trust) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            var reason = tls.Message.StartsWith("TLS: ", StringComparison.Ordinal) ? tls.Message : $"TLS: {tls.Message}; checked against {trust.Describe()}";
            throw new HttpRequestException(e.HttpRequestError, $"{reason} (https://{request.RequestUri?.Authority}/)", tls, e.StatusCode);
        }
    }
}
