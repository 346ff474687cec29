using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// infra/customer/destination.yaml resolved for each way a customer deploys it (parameters in,
/// intrinsics evaluated), then its bucket policy judged against the requests the shipper makes.
/// </summary>
public sealed class DestinationTemplateTests
{
    private const string Key = "arn:aws:kms:eu-west-1:222233334444:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
    private const string NewKey = "arn:aws:kms:eu-west-1:222233334444:key/new-key";
    private const string ObjectArn = "arn:aws:s3:::acme-logs/shipped/AWSLogs/1.log.gz";
    private static readonly string Path = RepositoryPaths.Combine("infra", "customer", "destination.yaml");

    private static (Intrinsics Intrinsics, JsonObject Root) Deploy(Dictionary<string, string> parameters)
    {
        var root = CfnYaml.LoadFile(Path);
        var template = new TemplateDocument(root, Path);
        parameters["ShipperRoleArn"] = "arn:aws:iam::111122223333:role/lambdasuite-dev-LogShipperRole-X";
        parameters["BucketName"] = "acme-logs";
        parameters["DestinationPrefix"] = "shipped/";
        var names = new Dictionary<string, string>
        {
            ["AWS::Region"] = "eu-west-1", ["AWS::AccountId"] = "222233334444", ["AWS::Partition"] = "aws",
            ["LogArchiveKey"] = "new-key", ["LogArchiveBucket"] = "acme-logs",
        };
        var warnings = new List<string>();
        var intrinsics = new Intrinsics(template, template.ParameterValues(parameters, warnings.Add), names, warnings.Add);
        Assert.Empty(warnings);
        return (intrinsics, root);
    }

    private static JsonObject Node(JsonNode? node, params string[] path)
        => path.Aggregate(node, (n, p) => n is JsonArray list ? list[int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)] : n![p])!.AsObject();

    /// <summary>The statements the customer ends up with: the stack's bucket policy, or the output they paste.</summary>
    private static JsonArray Statements(Dictionary<string, string> parameters)
    {
        var (intrinsics, root) = Deploy(parameters);
        if (parameters.GetValueOrDefault("CreateBucket") == "false")
        {
            return JsonNode.Parse(intrinsics.ResolveString(Node(root, "Outputs", "BucketPolicyStatements")["Value"], "output")!)!.AsArray();
        }

        return intrinsics.Resolve(Node(root, "Resources", "LogArchiveBucketPolicy", "Properties", "PolicyDocument"), "policy")!["Statement"]!.AsArray();
    }

    public static TheoryData<string, string, string> KeyedDeployments() => new()
    {
        { "existing key, new bucket", "CreateBucket=true;ExistingKmsKeyArn=" + Key, Key },
        { "existing key, existing bucket", "CreateBucket=false;ExistingKmsKeyArn=" + Key, Key },
        { "new key, new bucket", "CreateBucket=true;CreateKmsKey=true", NewKey },
        { "new key, existing bucket", "CreateBucket=false;CreateKmsKey=true", NewKey },
    };

    private static Dictionary<string, string> Parameters(string text)
        => text.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static Dictionary<string, string> Request(string? encryption = null, string? keyId = null)
    {
        var context = new Dictionary<string, string> { ["aws:SecureTransport"] = "true" };
        if (encryption is not null)
        {
            context["s3:x-amz-server-side-encryption"] = encryption;
        }

        if (keyId is not null)
        {
            context["s3:x-amz-server-side-encryption-aws-kms-key-id"] = keyId;
        }

        return context;
    }

    [Theory]
    [MemberData(nameof(KeyedDeployments))]
    public void With_a_key_the_shippers_requests_pass_and_other_encryption_is_denied(string deployment, string parameters, string key)
    {
        var statements = Statements(Parameters(parameters));
        List<string> Denied(Dictionary<string, string> request) => PolicyEvaluation.DenyingStatements(statements, "s3:PutObject", ObjectArn, request);

        Assert.True(Denied(Request("aws:kms", key)).Count == 0, $"{deployment}: CopyObject/CreateMultipartUpload with the key is denied");
        Assert.True(Denied(Request()).Count == 0, $"{deployment}: UploadPartCopy (no encryption headers) is denied");
        Assert.Equal(["DenyOtherEncryption", "DenyOtherKmsKey"], Denied(Request("AES256")));
        Assert.Equal(["DenyOtherKmsKey"], Denied(Request("aws:kms", Key.Replace("1111aaaa", "9999ffff", StringComparison.Ordinal))));
        Assert.Equal(["DenyOtherKmsKey"], Denied(Request("aws:kms")));
        Assert.Equal(["DenyInsecureTransport"], PolicyEvaluation.DenyingStatements(statements, "s3:PutObject", ObjectArn, new Dictionary<string, string> { ["aws:SecureTransport"] = "false", ["s3:x-amz-server-side-encryption"] = "aws:kms", ["s3:x-amz-server-side-encryption-aws-kms-key-id"] = key }));
    }

    [Theory]
    [InlineData("CreateBucket=true")]
    [InlineData("CreateBucket=false")]
    public void Without_a_key_no_encryption_is_refused(string parameters)
    {
        var statements = Statements(Parameters(parameters));

        Assert.Empty(PolicyEvaluation.DenyingStatements(statements, "s3:PutObject", ObjectArn, Request()));
        Assert.Empty(PolicyEvaluation.DenyingStatements(statements, "s3:PutObject", ObjectArn, Request("AES256")));
    }

    [Theory]
    [InlineData("ExistingKmsKeyArn=" + Key, Key)]
    [InlineData("CreateKmsKey=true", NewKey)]
    public void A_new_bucket_with_a_key_defaults_to_that_key_with_a_bucket_key(string parameters, string key)
    {
        var (intrinsics, root) = Deploy(Parameters("CreateBucket=true;" + parameters));
        var rule = Node(intrinsics.Resolve(Node(root, "Resources", "LogArchiveBucket", "Properties"), "bucket"), "BucketEncryption", "ServerSideEncryptionConfiguration", "0");

        Assert.Equal("aws:kms", Node(rule, "ServerSideEncryptionByDefault")["SSEAlgorithm"]!.ToString());
        Assert.Equal(key, Node(rule, "ServerSideEncryptionByDefault")["KMSMasterKeyID"]!.ToString());
        Assert.True(rule["BucketKeyEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void A_new_bucket_without_a_key_defaults_to_SSE_S3()
    {
        var (intrinsics, root) = Deploy(Parameters("CreateBucket=true"));
        var rule = Node(intrinsics.Resolve(Node(root, "Resources", "LogArchiveBucket", "Properties"), "bucket"), "BucketEncryption", "ServerSideEncryptionConfiguration", "0");

        Assert.Equal("AES256", Node(rule, "ServerSideEncryptionByDefault")["SSEAlgorithm"]!.ToString());
        Assert.False(rule["BucketKeyEnabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("CreateBucket=true")]
    [InlineData("CreateBucket=false")]
    public void The_shipper_role_may_read_back_only_objects_under_its_prefix(string parameters)
    {
        // A copy whose response was lost is verified with a HEAD (s3:GetObject) of the destination object.
        var reads = Statements(Parameters(parameters)).Select(st => st!.AsObject())
            .Where(st => st["Effect"]!.ToString() == "Allow" && Intrinsics.Text(st["Action"]).Contains("s3:GetObject", StringComparison.Ordinal))
            .ToList();
        var read = Assert.Single(reads);
        Assert.Equal("s3:GetObject", read["Action"]!.ToString());
        Assert.Equal("arn:aws:s3:::acme-logs/shipped/*", read["Resource"]!.ToString());
        Assert.Equal("arn:aws:iam::111122223333:role/lambdasuite-dev-LogShipperRole-X", Node(read, "Principal")["AWS"]!.ToString());
    }

    [Fact]
    public void The_preflight_s_fixes_give_exactly_the_statements_this_template_makes()
    {
        var (intrinsics, root) = Deploy(Parameters("CreateBucket=false;ExistingKmsKeyArn=" + Key));
        var bucketStatements = JsonNode.Parse(intrinsics.ResolveString(Node(root, "Outputs", "BucketPolicyStatements")["Value"], "output")!)!.AsArray();
        var keyStatement = JsonNode.Parse(intrinsics.ResolveString(Node(root, "Outputs", "KeyPolicyStatement")["Value"], "output")!)!;
        var settings = new LambdaSuite.LogShipper.LogShipperSettings
        {
            DestinationBucket = "acme-logs",
            DestinationPrefix = "shipped/",
            KmsKeyArn = Key,
            RoleArn = "arn:aws:iam::111122223333:role/lambdasuite-dev-LogShipperRole-X",
        };

        var write = bucketStatements.Single(st => st!["Sid"]!.ToString() == "LogShipperWritesUnderPrefix");
        Assert.True(JsonNode.DeepEquals(write, JsonNode.Parse(LambdaSuite.LogShipper.Preflight.CustomerStatements.BucketPolicy(settings))), write!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(keyStatement, JsonNode.Parse(LambdaSuite.LogShipper.Preflight.CustomerStatements.KeyPolicy(settings))), keyStatement.ToJsonString());
    }
}
