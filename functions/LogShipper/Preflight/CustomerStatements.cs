using System.Text.Json;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// The statements a fix asks the customer to add, filled in for this environment: exactly the ones
/// infra/customer/destination.yaml creates (bucket policy LogShipperWritesUnderPrefix, key policy
/// LogShipperEncryptsViaS3), so the answer and the customer template never disagree (a test holds
/// them to each other). One line of JSON each, ready to paste into the policy's Statement list.
/// </summary>
internal static class CustomerStatements
{
    /// <summary>Stands in for the role when SHIPPER_ROLE_ARN is not set (the template always sets it).</summary>
    public const string RolePlaceholder = "<LogShipperRoleArn output of this stack>";

    public static string BucketPolicy(LogShipperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Json(writer =>
        {
            Head(writer, "LogShipperWritesUnderPrefix", settings);
            writer.WriteStartArray("Action");
            writer.WriteStringValue("s3:PutObject");
            writer.WriteStringValue("s3:AbortMultipartUpload");
            writer.WriteEndArray();
            writer.WriteString("Resource", $"arn:{Partition(settings)}:s3:::{settings.DestinationBucket}/{settings.DestinationPrefix}*");
        });
    }

    /// <summary>For <see cref="LogShipperSettings.KmsKeyArn"/>: usable only through S3 in the key's Region and only for this bucket's objects.</summary>
    public static string KeyPolicy(LogShipperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = settings.KmsKeyArn ?? throw new InvalidOperationException("a key policy statement needs DESTINATION_KMS_KEY_ARN");
        var (partition, region) = (Partition(settings), key.Split(':')[3]);
        return Json(writer =>
        {
            Head(writer, "LogShipperEncryptsViaS3", settings);
            writer.WriteStartArray("Action");
            writer.WriteStringValue("kms:GenerateDataKey");
            writer.WriteStringValue("kms:Decrypt");
            writer.WriteEndArray();
            writer.WriteString("Resource", "*");
            writer.WriteStartObject("Condition");
            writer.WriteStartObject("StringEquals");
            writer.WriteString("kms:ViaService", $"s3.{region}.amazonaws.com");
            writer.WriteEndObject();
            writer.WriteStartObject("StringLike");
            writer.WriteStartArray("kms:EncryptionContext:aws:s3:arn");
            writer.WriteStringValue($"arn:{partition}:s3:::{settings.DestinationBucket}");
            writer.WriteStringValue($"arn:{partition}:s3:::{settings.DestinationBucket}/*");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void Head(Utf8JsonWriter writer, string sid, LogShipperSettings settings)
    {
        writer.WriteString("Sid", sid);
        writer.WriteString("Effect", "Allow");
        writer.WriteStartObject("Principal");
        writer.WriteString("AWS", settings.RoleArn ?? RolePlaceholder);
        writer.WriteEndObject();
    }

    /// <summary>The partition of the role (or key) ARN: aws, aws-cn, aws-us-gov.</summary>
    private static string Partition(LogShipperSettings settings)
        => (settings.RoleArn ?? settings.KmsKeyArn)?.Split(':')[1] ?? "aws";

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        // Relaxed: ARNs and "*" stay as written, as in the customer template's output.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
