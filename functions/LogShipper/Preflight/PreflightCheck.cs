using System.Text.Json.Serialization;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// One entry of the checklist: <c>pass</c>, <c>fail</c> (with the fix in the customer's terms),
/// <c>skipped</c> (with why) or <c>unknown</c> (could not be decided; with the error).
/// </summary>
internal sealed record PreflightCheck(string Name, string Status, string Detail, string? Fix = null)
{
    public const string Passed = "pass";
    public const string Failed = "fail";
    public const string Skipped = "skipped";
    public const string Unknown = "unknown";

    public const string SourceCanaryWritten = "source-canary-written";
    public const string DestinationBucketExists = "destination-bucket-exists";
    public const string CopyAllowed = "copy-allowed";
    public const string EncryptionAsConfigured = "encryption-as-configured";
    public const string KmsKeyUsable = "kms-key-usable";

    /// <summary>A failed or undecided check fails the preflight (exit 1 of infra/ops/preflight, PreflightFailed = 1).</summary>
    [JsonIgnore]
    public bool FailsThePreflight => Status is Failed or Unknown;

    public static PreflightCheck Pass(string name, string detail) => new(name, Passed, detail);

    public static PreflightCheck Fail(string name, string detail, string fix) => new(name, Failed, detail, fix);

    public static PreflightCheck Skip(string name, string why) => new(name, Skipped, why);

    public static PreflightCheck Undecided(string name, string detail) => new(name, Unknown, detail);
}
