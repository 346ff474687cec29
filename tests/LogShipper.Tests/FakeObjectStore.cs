using System.Collections.Concurrent;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;

namespace LogShipper.Tests;

/// <summary>Records every request; each operation's answer can be replaced per test.</summary>
internal sealed class FakeObjectStore : IObjectStore
{
    private int _inFlight;

    public ConcurrentQueue<AmazonWebServiceRequestRecord> Requests { get; } = new();

    public int MaxInFlight { get; private set; }

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public Func<CopyObjectRequest, CopyObjectResponse> OnCopyObject { get; set; } = _ => new CopyObjectResponse();

    public Func<GetObjectMetadataRequest, GetObjectMetadataResponse> OnHead { get; set; } = _ => new GetObjectMetadataResponse { ContentLength = 1, ETag = "\"head-etag\"" };

    public Func<CopyPartRequest, CopyPartResponse> OnCopyPart { get; set; } = r => new CopyPartResponse { ETag = $"\"part-{r.PartNumber}\"", PartNumber = r.PartNumber };

    public Func<AbortMultipartUploadRequest, AbortMultipartUploadResponse> OnAbort { get; set; } = _ => new AbortMultipartUploadResponse();

    public IEnumerable<T> Of<T>() => Requests.Select(r => r.Request).OfType<T>();

    public int Count => Requests.Count;

    public Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken) => Run(request, () => OnCopyObject(request));

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken) => Run(request, () => OnHead(request));

    public Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => new InitiateMultipartUploadResponse { UploadId = "upload-1" });

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken) => Run(request, () => OnCopyPart(request));

    public Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => new CompleteMultipartUploadResponse());

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken)
        => Run(request, () => OnAbort(request));

    private async Task<T> Run<T>(object request, Func<T> answer)
    {
        Requests.Enqueue(new AmazonWebServiceRequestRecord(request));
        var now = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
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

internal sealed record AmazonWebServiceRequestRecord(object Request);

/// <summary>A clock that stands still, for ages and timestamps.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
