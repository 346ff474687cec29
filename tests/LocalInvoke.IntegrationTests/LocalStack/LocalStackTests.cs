using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalStack;

/// <summary>The embedded stack comes up with the resources the template would create and the ECS demo seed.</summary>
[Collection(LocalAwsGroup.Name)]
public sealed class LocalStackTests(LocalAws aws)
{
    [Fact]
    public void Every_endpoint_listens_on_loopback_only()
    {
        Assert.All([aws.S3Endpoint, aws.DynamoDbEndpoint, aws.EcsEndpoint], e => Assert.Equal("127.0.0.1", e.Host));
        Assert.Equal("us-east-1", aws.Region);
    }

    [Fact]
    public void The_export_lines_name_the_stacks_own_state_dir_so_later_commands_in_the_shell_act_on_it()
    {
        // stack, invoke and redrive read LAMBDASUITE_STACK_DIR; a second stack (--ports auto) must not fall back to the default one.
        Assert.Equal(aws.StateDirectory, aws.Environment["LAMBDASUITE_STACK_DIR"]);
        Assert.Equal(aws.StateDirectory, aws.Environment["LAMBDASUITE_LOCAL_STACK"]);
    }

    [Fact]
    public async Task The_demo_buckets_exist()
    {
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonS3Config { ServiceURL = aws.S3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = aws.Region });

        var buckets = (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToList();

        Assert.Contains("lambdasuite-access-logs", buckets);
        Assert.Contains("customer-log-archive", buckets);
    }

    [Fact]
    public async Task The_lock_and_users_tables_exist_with_their_keys()
    {
        using var dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = aws.DynamoDbEndpoint.ToString(), AuthenticationRegion = aws.Region });

        var locks = (await dynamo.DescribeTableAsync("lambdasuite-remediation-locks")).Table;
        var users = (await dynamo.DescribeTableAsync("lambdasuite-users")).Table;

        Assert.Equal(["PK"], locks.KeySchema.Select(k => k.AttributeName));
        Assert.Equal(["PK", "SK"], users.KeySchema.Select(k => k.AttributeName));
    }

    [Fact]
    public async Task The_ecs_stand_in_holds_the_demo_service_with_one_unhealthy_task()
    {
        await aws.EcsResetAsync();

        var state = await aws.EcsStateAsync();

        var cluster = Assert.Single(state.GetProperty("clusters").EnumerateArray(), c => c.GetProperty("clusterName").GetString() == "demo-cluster");
        var service = Assert.Single(cluster.GetProperty("services").EnumerateArray());
        Assert.Equal("demo-api", service.GetProperty("serviceName").GetString());
        var tasks = service.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("lastStatus").GetString() == "RUNNING").ToList();
        Assert.Equal(3, tasks.Count);
        Assert.Single(tasks, t => t.GetProperty("healthStatus").GetString() == "UNHEALTHY");
    }
}
