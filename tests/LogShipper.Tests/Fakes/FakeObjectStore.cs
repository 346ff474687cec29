using System.Collections.Concurrent;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;

namespace LogShipper.Tests.Fakes;

/// <summary>Records every request; each operation's answer can be replaced per test.</summary>
internal sealed class FakeObjectStore : IObjectStore
{
    private int _inFlight;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int MaxInFlight { get; private set; }

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public Func<PutObjectRequest, PutObjectResponse> OnPut { get; set; } = _ => new PutObjectResponse { ETag = "\"canary-etag\"", VersionId = "canary-version" };

    public Func<CopyObjectRequest, CopyObjectResponse> OnCopyObject { get; set; } = _ => new CopyObjectResponse();

    public Func<GetObjectMetadataRequest, GetObjectMetadataResponse> OnHead { get; set; } = _ => new GetObjectMetadataResponse { ContentLength = 1, ETag = "\"head-etag\"" };

    public Func<CopyPartRequest, CopyPartResponse> OnCopyPart { get; set; } = r => new CopyPartResponse { ETag = $"\"part-{r.PartNumber}\"", PartNumber = r.PartNumber };

    public Func<CompleteMultipartUploadRequest, CompleteMultipartUploadResponse> OnComplete { get; set; } = _ => new CompleteMultipartUploadResponse();

    public Func<AbortMultipartUploadRequest, AbortMultipartUploadResponse> OnAbort { get; set; } = _ => new AbortMultipartUploadResponse();

    /// <summary>Requests matching this never answer: they wait until their token is cancelled (a hung S3 call).</summary>
    public Func<object, bool> Hangs { get; set; } = _ => false;

    /// <summary>Runs when a request starts to hang, with its token: a test moves its fake clock here, so no test waits on real time.</summary>
    public Action<object, CancellationToken>? OnHang { get; set; }

    public IEnumerable<T> Of<T>() => Requests.Select(r => r.Request).OfType<T>();

    public int Count => Requests.Count;

    public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken) => Run(request, () => OnPut(request), cancellationToken);

    public Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken) => Run(request, () => OnCopyObject(request), cancellationToken);

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken) => Run(request, () => OnHead(request), cancellationToken);

    public Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => new InitiateMultipartUploadResponse { UploadId = "upload-1" }, cancellationToken);

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken) => Run(request, () => OnCopyPart(request), cancellationToken);

    public Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => OnComplete(request), cancellationToken);

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => OnAbort(request), cancellationToken);

    private async Task<T> Run<T>(object request, Func<T> answer, CancellationToken cancellationToken)
    {
        // As the SDK does: a request whose token has already fired is never sent.
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Enqueue(new RecordedRequest(request));
        var now = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            if (Hangs(request))
            {
                OnHang?.Invoke(request, cancellationToken);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            return answer();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
