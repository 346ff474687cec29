using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Model;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// LogShipper against fauxqs (a private local stack): S3 requests per shipped object, a 100-record
/// batch concurrent vs sequential, and memory for a 1 MiB (CopyObject) vs 64 MiB (multipart) object.
/// Prints figures only. Usage: dotnet run -c Release --project tests/Benchmarks -- logshipper
/// </summary>
internal static class LogShipperBenchmark
{
    private const string Source = "lambdasuite-access-logs";
    private const string Destination = "customer-log-archive";
    private const long MiB = 1024 * 1024;

    internal static async Task<int> RunAsync(string[] args)
    {
        var aws = new LocalAws();
        await aws.InitializeAsync();
        try
        {
            var counter = new CountingHttpClientFactory();
            using var s3 = Client(aws, counter);
            using var plain = Client(aws, null);
            var run = Guid.NewGuid().ToString("N")[..8];
            var settings = new LogShipperSettings
            {
                Enabled = true,
                SourceBucket = Source,
                SourcePrefix = $"bench/{run}/",
                DestinationBucket = Destination,
                DestinationPrefix = $"bench-out/{run}/",
                DestinationBucketOwner = "000000000000",
                MultipartThresholdBytes = 5 * MiB,
                PartSizeBytes = 8 * MiB,
            };

            await RequestsPerObjectAsync(s3, plain, counter, settings);
            await BatchAsync(s3, plain, counter, settings);
            await MemoryAsync(s3, plain, settings);
            return 0;
        }
        finally
        {
            await aws.DisposeAsync();
        }
    }

    private static async Task RequestsPerObjectAsync(IAmazonS3 s3, IAmazonS3 plain, CountingHttpClientFactory counter, LogShipperSettings settings)
    {
        var key = settings.SourcePrefix + "requests/one object.log";
        var etag = await PutAsync(plain, key, 64 * 1024);
        counter.Reset();
        await InvokeAsync(s3, settings, Event([(key, 64 * 1024, etag)]));
        Console.WriteLine($"requests per shipped object (64 KiB, size in event):      {counter.Total}");

        counter.Reset();
        await InvokeAsync(s3, settings, Event([(key, null, etag)]));
        Console.WriteLine($"requests per shipped object (64 KiB, no size in event):   {counter.Total}");
    }

    private static async Task BatchAsync(IAmazonS3 s3, IAmazonS3 plain, CountingHttpClientFactory counter, LogShipperSettings settings)
    {
        var objects = new List<(string, long?, string)>();
        for (var i = 0; i < 100; i++)
        {
            var key = settings.SourcePrefix + $"batch/{i:D3} access.log";
            objects.Add((key, 16 * 1024, await PutAsync(plain, key, 16 * 1024)));
        }

        var payload = Event(objects);
        await InvokeAsync(s3, settings with { CopyConcurrency = 16 }, payload); // warm-up (JIT, connections)
        // fauxqs answers a copy in about a millisecond; real S3 takes tens. The added latency shows the difference concurrency makes there.
        foreach (var latency in new[] { 0, 25 })
        {
            counter.LatencyMs = latency;
            var sequential = await TimeAsync(() => InvokeAsync(s3, settings with { CopyConcurrency = 1 }, payload));
            var concurrent = await TimeAsync(() => InvokeAsync(s3, settings with { CopyConcurrency = 16 }, payload));
            Console.WriteLine($"100-record batch, +{latency,2} ms per request: sequential {sequential.TotalMilliseconds,5:F0} ms, COPY_CONCURRENCY=16 {concurrent.TotalMilliseconds,5:F0} ms ({sequential / concurrent:F1}x)");
        }

        counter.LatencyMs = 0;
    }

    private static async Task MemoryAsync(IAmazonS3 s3, IAmazonS3 plain, LogShipperSettings settings)
    {
        foreach (var size in new[] { 1 * MiB, 64 * MiB })
        {
            var key = settings.SourcePrefix + $"memory/{size / MiB} MiB.log";
            var etag = size <= 8 * MiB ? await PutAsync(plain, key, (int)size) : await PutMultipartAsync(plain, key, size);
            var payload = Event([(key, size, etag)]);
            await InvokeAsync(s3, settings, payload); // warm-up: first-call allocations are not the object's
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var peakBefore = process.PeakWorkingSet64;
            var heapPeak = 0L;
            using (var sampler = new Timer(_ => heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false)), null, 0, 5))
            {
                await InvokeAsync(s3, settings, payload);
            }

            process.Refresh();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var path = size > settings.MultipartThresholdBytes ? $"multipart, {PartPlanner.Plan(size, PartPlanner.PartSize(size, settings.PartSizeBytes)).Count} parts" : "CopyObject";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size / MiB,3} MiB object ({path,-20}): allocated {allocated / 1024.0:F0} KiB, managed heap peak {heapPeak / (double)MiB:F1} MiB, process peak working set {process.PeakWorkingSet64 / (double)MiB:F0} MiB (grew {(process.PeakWorkingSet64 - peakBefore) / (double)MiB:F1} MiB)"));
        }
    }

    private static async Task InvokeAsync(IAmazonS3 s3, LogShipperSettings settings, string payload)
    {
        var sink = new NullSink();
        var handler = new Handler(settings, new S3ObjectStore(s3), new JsonLog(sink, "LogShipper", LogLevel.Error), new EmfMetrics(sink, "LambdaSuite", "LogShipper"), TimeProvider.System);
        await using var output = await handler.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(payload)), TestInvocation.Context());
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started);
    }

    private static string Event(IEnumerable<(string Key, long? Size, string ETag)> objects)
    {
        var records = objects.Select(o => (JsonNode)new JsonObject
        {
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectCreated:Put",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = Source },
                // S3 sends keys form-encoded; '/' is left as is.
                ["object"] = new JsonObject { ["key"] = Uri.EscapeDataString(o.Key).Replace("%2F", "/", StringComparison.Ordinal), ["size"] = o.Size, ["eTag"] = o.ETag },
            },
        });
        return new JsonObject { ["Records"] = new JsonArray([.. records]) }.ToJsonString();
    }

    private static async Task<string> PutAsync(IAmazonS3 s3, string key, int size)
    {
        var response = await s3.PutObjectAsync(new PutObjectRequest { BucketName = Source, Key = key, InputStream = new MemoryStream(new byte[size]) });
        return response.ETag.Trim('"');
    }

    /// <summary>fauxqs takes request bodies up to 11 MiB, so a big source object is uploaded in 8 MiB parts.</summary>
    private static async Task<string> PutMultipartAsync(IAmazonS3 s3, string key, long size)
    {
        var upload = await s3.InitiateMultipartUploadAsync(Source, key);
        var parts = new List<PartETag>();
        var chunk = new byte[8 * MiB];
        for (var (number, offset) = (1, 0L); offset < size; number++, offset += chunk.Length)
        {
            var length = (int)Math.Min(chunk.Length, size - offset);
            var part = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Source, Key = key, UploadId = upload.UploadId, PartNumber = number, InputStream = new MemoryStream(chunk, 0, length),
            });
            parts.Add(new PartETag(number, part.ETag));
        }

        var done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Source, Key = key, UploadId = upload.UploadId, PartETags = parts });
        return done.ETag.Trim('"');
    }

    private static AmazonS3Client Client(LocalAws aws, HttpClientFactory? factory)
    {
        var config = new AmazonS3Config { ServiceURL = aws.S3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(120) };
        if (factory is not null)
        {
            config.HttpClientFactory = factory;
        }

        return new AmazonS3Client(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey), config);
    }

    private sealed class NullSink : ILineSink
    {
        public void WriteLine(ReadOnlySpan<byte> utf8Line)
        {
        }
    }
}
