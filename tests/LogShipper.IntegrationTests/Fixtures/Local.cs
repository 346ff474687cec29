using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.TestSupport;

namespace LogShipper.IntegrationTests.Fixtures;

/// <summary>Clients, buckets and a handler wired to the local stack, one per test (unique prefixes).</summary>
internal sealed class Local : IDisposable
{
    public const string SourceBucket = "lambdasuite-access-logs";
    public const string DestinationBucket = "customer-log-archive";

    public Local(LocalAws aws, Func<LogShipperSettings, LogShipperSettings>? tweak = null)
    {
        Run = Guid.NewGuid().ToString("N")[..12];
        Wire = new RecordingHttpClientFactory();
        ShipperClient = Client(aws, Wire);
        Checker = Client(aws, null);
        var settings = new LogShipperSettings
        {
            Enabled = true,
            SourceBucket = SourceBucket,
            SourcePrefix = $"logs/{Run}/",
            SourceBucketOwner = "111111111111",
            DestinationBucket = DestinationBucket,
            DestinationPrefix = $"env-{Run}/shipped/",
            DestinationBucketOwner = "222222222222",
            // Small multipart settings so a 6+ MiB object exercises UploadPartCopy (S3's 5 MiB part minimum).
            MultipartThresholdBytes = 5 * LogShipperSettings.MiB,
            PartSizeBytes = 5 * LogShipperSettings.MiB,
        };
        Settings = tweak is null ? settings : tweak(settings);
        Store = new S3ObjectStore(ShipperClient);
        Log = new JsonLog(Sink, "LogShipper", LogLevel.Debug);
        Metrics = new EmfMetrics(Sink, "LambdaSuite", "LogShipper");
    }

    public string Run { get; }
    public LogShipperSettings Settings { get; }
    public RecordingHttpClientFactory Wire { get; }
    public IAmazonS3 ShipperClient { get; }
    public IAmazonS3 Checker { get; }
    public IObjectStore Store { get; set; }
    public MemorySink Sink { get; } = new();
    public JsonLog Log { get; }
    public EmfMetrics Metrics { get; }

    public Handler Handler() => new(Settings, Store, Log, Metrics, TimeProvider.System);

    public Task<Stream> HandleAsync(Stream input) => Handler().HandleAsync(input, TestInvocation.Context());

    public async Task<byte[]> PutAsync(string key, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        await Checker.PutObjectAsync(new PutObjectRequest { BucketName = SourceBucket, Key = key, InputStream = new MemoryStream(bytes), ContentType = "text/plain" });
        return bytes;
    }

    public async Task<(long Size, string ETag)> HeadAsync(string key)
    {
        var head = await Checker.GetObjectMetadataAsync(SourceBucket, key);
        return (head.ContentLength, head.ETag.Trim('"'));
    }

    public async Task<byte[]?> GetDestinationAsync(string key)
    {
        try
        {
            using var response = await Checker.GetObjectAsync(DestinationBucket, key);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    /// <summary>Encodes a key the way S3 notifications do: UTF-8 percent-escapes, space as '+', '/' kept.</summary>
    public static string S3Encode(string key)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/' or '*')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static AmazonS3Client Client(LocalAws aws, HttpClientFactory? factory)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = aws.S3Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 1,
        };
        if (factory is not null)
        {
            config.HttpClientFactory = factory;
        }

        return new AmazonS3Client(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey), config);
    }

    public void Dispose()
    {
        ShipperClient.Dispose();
        Checker.Dispose();
    }
}
