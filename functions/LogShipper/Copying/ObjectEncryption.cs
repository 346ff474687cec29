using Amazon.S3.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// What S3's answer to a write says about the object's encryption: the SSE algorithm
/// (<c>AES256</c>, <c>aws:kms</c>, <c>aws:kms:dsse</c>), the KMS key and whether an S3 Bucket Key
/// was used. Each is null when the answer does not name it (an emulator that echoes no SSE).
/// </summary>
internal sealed record ObjectEncryption(string? Algorithm, string? KmsKeyId, bool? BucketKeyEnabled)
{
    public static ObjectEncryption Of(CopyObjectResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new ObjectEncryption(
            string.IsNullOrEmpty(response.ServerSideEncryptionMethod?.Value) ? null : response.ServerSideEncryptionMethod.Value,
            string.IsNullOrEmpty(response.ServerSideEncryptionKeyManagementServiceKeyId) ? null : response.ServerSideEncryptionKeyManagementServiceKeyId,
            response.BucketKeyEnabled);
    }
}
