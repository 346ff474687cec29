using Amazon.S3.Model;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Model;
using static LambdaSuite.LogShipper.Preflight.PreflightCheck;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// Proves with the function's own role and configuration what shipping will do: writes the source
/// canary, copies it with the shipper's own <see cref="ObjectCopier"/> (same ExpectedBucketOwner,
/// encryption headers and error handling as a log object), and answers one checklist entry per
/// check. It never throws for what it finds, so a scheduled run's failures never reach the
/// on-failure queue; they show in its answer, one log line per check and <c>PreflightFailed</c>.
/// </summary>
internal sealed class PreflightRunner(LogShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider time)
{

    private readonly ObjectCopier _copier = new(store, settings, log, time);

    public async Task<PreflightAnswer> RunAsync(CancellationToken deadline)
    {
        var (canaryCheck, canary) = await WriteCanaryAsync(deadline);
        var checks = new List<PreflightCheck> { canaryCheck };
        CopyOutcome? outcome = null;
        if (DestinationProblems() is { } problems)
        {
            checks.AddRange(problems);
        }
        else if (canary is null)
        {
            const string why = "not tried: the source canary could not be written";
            checks.AddRange([Skip(DestinationBucketExists, why), Skip(CopyAllowed, why), Skip(EncryptionAsConfigured, why), Skip(KmsKeyUsable, why)]);
        }
        else
        {
            outcome = await _copier.CopyAsync(canary, Canary.DestinationKey(settings), deadline);
            checks.AddRange(CopyFindings.Destination(settings, outcome));
            checks.AddRange(outcome.Status == CopyStatus.Shipped ? EncryptionFindings.Of(settings, outcome.Encryption) : NoCopy(outcome));
        }

        var answer = new PreflightAnswer
        {
            Source = $"s3://{settings.SourceBucket}/{Canary.SourceKey}",
            Destination = settings.DestinationBucket.Length == 0 ? null : $"s3://{settings.DestinationBucket}/{Canary.DestinationKey(settings)}",
            Encryption = outcome?.Encryption,
            Checks = checks,
        };
        Report(answer);
        return answer;
    }

    private async Task<(PreflightCheck Check, ObjectEvent? Canary)> WriteCanaryAsync(CancellationToken deadline)
    {
        var bucket = settings.SourceBucket;
        if (bucket.Length == 0)
        {
            return (Fail(SourceCanaryWritten, "SOURCE_BUCKET is not set", "Deploy the function with template.yaml, which sets SOURCE_BUCKET to the stack's access-log bucket."), null);
        }

        if (Canary.CoveredBy(settings.SourcePrefix))
        {
            return (Fail(SourceCanaryWritten, $"SOURCE_PREFIX \"{settings.SourcePrefix}\" covers the canary key {Canary.SourceKey}: writing it would ship it, so it was not written",
                $"Choose a SourcePrefix that is not a prefix of {Canary.SourceKey} (e.g. logs/); template.yaml's rule SourcePrefixLeavesThePreflightCanary refuses such a value at deploy."), null);
        }

        var body = Canary.Body(time.GetUtcNow());
        var location = $"s3://{bucket}/{Canary.SourceKey}";
        try
        {
            var written = await store.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = Canary.SourceKey,
                ExpectedBucketOwner = settings.SourceBucketOwner,
                ContentBody = body,
                ContentType = "text/plain; charset=utf-8",
            }, deadline);
            var version = string.IsNullOrEmpty(written.VersionId) ? null : written.VersionId;
            var canary = new ObjectEvent(bucket, Canary.SourceKey, Canary.Length(body), written.ETag, version, time.GetUtcNow());
            return (Pass(SourceCanaryWritten, $"wrote {location} ({canary.Size} bytes{(version is null ? string.Empty : ", version " + version)})"), canary);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var said = CopyFindings.Said(e);
            var check = ErrorClassifier.Categorize(e) switch
            {
                ErrorClassifier.AccessDenied => Fail(SourceCanaryWritten, $"S3 refused the write to {location}: {said}",
                    $"This stack's role lacks s3:PutObject on arn:aws:s3:::{bucket}/{Canary.SourceKey} (statement PreflightCanary of template.yaml): deploy the current template."),
                ErrorClassifier.NoSuchBucket => Fail(SourceCanaryWritten, $"S3 answered NoSuchBucket for the access-log bucket {bucket}: {said}",
                    "Deploy the stack (it creates the access-log bucket), or correct SOURCE_BUCKET."),
                var category => Undecided(SourceCanaryWritten, $"writing {location} ended in {category}: {said}"),
            };
            return (check, null);
        }
    }

    /// <summary>Without a destination bucket and its owner there is nothing a copy could prove (and the role has no write grant).</summary>
    private List<PreflightCheck>? DestinationProblems()
    {
        const string why = "not tried: no destination is configured";
        if (settings.DestinationBucket.Length == 0)
        {
            return [Fail(DestinationBucketExists, "DESTINATION_BUCKET is not set",
                "Deploy with DestinationBucket and DestinationBucketOwner (the outputs of the customer's infra/customer/destination.yaml stack); ShipperEnabled may stay false."),
                Skip(CopyAllowed, why), Skip(EncryptionAsConfigured, why), Skip(KmsKeyUsable, why)];
        }

        if (settings.DestinationBucketOwner is null)
        {
            return [Skip(DestinationBucketExists, "not tried: no DestinationBucketOwner"),
                Fail(CopyAllowed, "DESTINATION_BUCKET_OWNER is not set: every copy sends it as ExpectedBucketOwner, and the stack grants the role no write without it",
                    $"Deploy with DestinationBucketOwner set to the 12-digit account that owns {settings.DestinationBucket} (the customer stack's output DestinationBucketOwner)."),
                Skip(EncryptionAsConfigured, why), Skip(KmsKeyUsable, why)];
        }

        return null;
    }

    private IEnumerable<PreflightCheck> NoCopy(CopyOutcome outcome)
    {
        yield return Skip(EncryptionAsConfigured, "no copy to inspect: the copy did not succeed");
        yield return CopyFindings.KmsFailure(settings, outcome) ?? Skip(KmsKeyUsable, outcome.Category == ErrorClassifier.AccessDenied && settings.KmsKeyArn is not null
            ? "not decided: S3 refused the copy with a 403 that names no policy (see copy-allowed, item 3)"
            : "not reached: the copy failed before encryption");
    }

    private void Report(PreflightAnswer answer)
    {
        foreach (var check in answer.Checks)
        {
            List<KeyValuePair<string, object?>> properties = [new("check", check.Name), new("status", check.Status), new("detail", check.Detail)];
            properties.AddRange(check.Fix is null ? [] : [new("fix", check.Fix)]);
            log.Write(check.FailsThePreflight ? LogLevel.Warn : LogLevel.Info, "preflight check", properties);
        }

        var failed = answer.Result == Failed;
        metrics.Add(LogShipperMetrics.PreflightFailed, failed ? 1 : 0, MetricUnit.Count);
        log.Info("preflight answered", ("result", answer.Result), ("source", answer.Source), ("destination", answer.Destination),
            ("failed", answer.Checks.Count(c => c.Status == Failed)), ("unknown", answer.Checks.Count(c => c.Status == Unknown)), ("skipped", answer.Checks.Count(c => c.Status == Skipped)));
    }
}
