using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.Template.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>What each ShipperTrigger choice (and the Remediator's SNS topics) deploys, resolved as CloudFormation would.</summary>
public sealed class TriggerWiringTests
{
    private const string BucketNameSub = "${EnvironmentName}-access-logs-${AWS::AccountId}-${AWS::Region}";
    private static readonly string[] TriggerOnly =
    [
        "LogShipperS3InvokePermission", "LogShipperObjectCreatedRule", "LogShipperEventBridgeInvokePermission", "LogShipperRuleDeadLetterQueue",
        "LogShipperRuleDeadLetterQueuePolicy", "LogShipperRuleDeadLetterAlarm", "LogShipperEventQueue", "LogShipperEventDeadLetterQueue",
        "LogShipperEventQueuePolicy", "LogShipperEventSourceMapping", "LogShipperEventDeadLetterAlarm",
    ];

    private static DeployedTemplate Deploy(params (string Name, string Value)[] parameters)
        => new(parameters.ToDictionary(p => p.Name, p => p.Value));

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Sub(string text) => new JsonObject { ["Fn::Sub"] = text }.ToJsonString();

    private static List<JsonObject> Statements(JsonObject policyDocumentOwner, string path = "PolicyDocument")
        => [.. policyDocumentOwner[path]!["Statement"]!.AsArray().Select(s => s!.AsObject())];

    [Theory]
    [InlineData("S3Notification", "LogShipperS3InvokePermission")]
    [InlineData("EventBridge", "LogShipperObjectCreatedRule", "LogShipperEventBridgeInvokePermission", "LogShipperRuleDeadLetterQueue", "LogShipperRuleDeadLetterQueuePolicy", "LogShipperRuleDeadLetterAlarm")]
    [InlineData("Sqs", "LogShipperEventQueue", "LogShipperEventDeadLetterQueue", "LogShipperEventQueuePolicy", "LogShipperEventSourceMapping", "LogShipperEventDeadLetterAlarm")]
    public void Each_choice_deploys_exactly_its_own_wiring_and_one_notification_target(string trigger, params string[] expected)
    {
        var t = Deploy(("ShipperTrigger", trigger));

        Assert.Equal(expected.Order(), TriggerOnly.Where(t.Resources.ContainsKey).Order());
        var notification = t.Properties("AccessLogBucket")["NotificationConfiguration"]!.AsObject();
        Assert.Single(notification);
        // SAM's own S3 event would invoke a second time, whatever the choice.
        Assert.Null(t.Properties("LogShipperFunction")["Events"]);
        Assert.Equal(trigger == "Sqs", Statements(t.Properties("LogShipperRole")["Policies"]![0]!.AsObject()).Any(s => Json(s["Sid"]) == "\"ConsumeEventQueue\""));
    }

    [Fact]
    public void S3Notification_invokes_the_function_for_the_prefix_with_a_permission_bound_to_this_bucket_and_account()
    {
        var t = Deploy();

        var target = Assert.Single(t.Properties("AccessLogBucket")["NotificationConfiguration"]!["LambdaConfigurations"]!.AsArray())!;
        Assert.Equal("""{"Fn::GetAtt":["LogShipperFunction","Arn"]}""", Json(target["Function"]));
        Assert.Equal(("\"s3:ObjectCreated:*\"", """{"Ref":"SourcePrefix"}"""), (Json(target["Event"]), Json(target["Filter"]!["S3Key"]!["Rules"]![0]!["Value"])));
        var permission = t.Properties("LogShipperS3InvokePermission");
        Assert.Equal(("\"s3.amazonaws.com\"", """{"Ref":"AWS::AccountId"}"""), (Json(permission["Principal"]), Json(permission["SourceAccount"])));
        Assert.Equal($$"""{"Fn::Sub":"arn:${AWS::Partition}:s3:::{{BucketNameSub}}"}""", Json(permission["SourceArn"]));
        Assert.Equal($$"""{"Fn::Sub":"{{BucketNameSub}}"}""", Json(t.Properties("AccessLogBucket")["BucketName"]));
        // The bucket's notification is set only after the permission exists (S3 checks it).
        Assert.Equal("""{"Ref":"LogShipperS3InvokePermission"}""", Json(t.Resources["AccessLogBucket"]["Metadata"]!["NotificationDestinationReady"]));
    }

    [Fact]
    public void EventBridge_rule_matches_this_bucket_and_prefix_retries_and_dead_letters_and_alone_may_invoke()
    {
        var t = Deploy(("ShipperTrigger", "EventBridge"));

        Assert.Equal("""{"EventBridgeConfiguration":{"EventBridgeEnabled":true}}""", Json(t.Properties("AccessLogBucket")["NotificationConfiguration"]));
        var rule = t.Properties("LogShipperObjectCreatedRule");
        Assert.Equal("{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],\"detail\":{\"bucket\":{\"name\":[" + Sub(BucketNameSub) + "]},\"object\":{\"key\":[{\"prefix\":{\"Ref\":\"SourcePrefix\"}}]}}}",
            Json(rule["EventPattern"]));
        var target = rule["Targets"]![0]!;
        Assert.Equal("""{"Fn::GetAtt":["LogShipperFunction","Arn"]}""", Json(target["Arn"]));
        Assert.Equal("""{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":21600}""", Json(target["RetryPolicy"]));
        Assert.Equal("""{"Fn::GetAtt":["LogShipperRuleDeadLetterQueue","Arn"]}""", Json(target["DeadLetterConfig"]!["Arn"]));
        var permission = t.Properties("LogShipperEventBridgeInvokePermission");
        Assert.Equal(("\"events.amazonaws.com\"", """{"Fn::GetAtt":["LogShipperObjectCreatedRule","Arn"]}"""), (Json(permission["Principal"]), Json(permission["SourceArn"])));
        var dlqStatement = Statements(t.Properties("LogShipperRuleDeadLetterQueuePolicy")).Single(s => Json(s["Sid"]) == "\"RuleDeadLetters\"");
        Assert.Equal("""{"ArnEquals":{"aws:SourceArn":{"Fn::GetAtt":["LogShipperObjectCreatedRule","Arn"]}}}""", Json(dlqStatement["Condition"]));
        Assert.True(t.Properties("LogShipperRuleDeadLetterQueue")["SqsManagedSseEnabled"]!.GetValue<bool>());
        Assert.Equal("none", t.Resources["AccessLogBucket"]["Metadata"]!["NotificationDestinationReady"]!.GetValue<string>());
    }

    [Fact]
    public void Sqs_queue_is_encrypted_redrives_into_a_dead_letter_queue_and_feeds_a_partial_batch_event_source()
    {
        var t = Deploy(("ShipperTrigger", "Sqs"));

        var target = Assert.Single(t.Properties("AccessLogBucket")["NotificationConfiguration"]!["QueueConfigurations"]!.AsArray())!;
        Assert.Equal("""{"Fn::GetAtt":["LogShipperEventQueue","Arn"]}""", Json(target["Queue"]));
        Assert.Equal("""{"Ref":"LogShipperEventQueuePolicy"}""", Json(t.Resources["AccessLogBucket"]["Metadata"]!["NotificationDestinationReady"]));
        var queue = t.Properties("LogShipperEventQueue");
        Assert.True(queue["SqsManagedSseEnabled"]!.GetValue<bool>());
        Assert.Equal("""{"deadLetterTargetArn":{"Fn::GetAtt":["LogShipperEventDeadLetterQueue","Arn"]},"maxReceiveCount":5}""", Json(queue["RedrivePolicy"]));
        // Ten times the function timeout: "600" becomes 6000 s.
        Assert.Equal("6000", t.Value(queue["VisibilityTimeout"]!));
        Assert.Equal("9000", Deploy(("ShipperTrigger", "Sqs"), ("ShipperTimeoutSeconds", "900")).Value(queue["VisibilityTimeout"]!));
        var send = Statements(t.Properties("LogShipperEventQueuePolicy")).Single(s => Json(s["Sid"]) == "\"AccessLogBucketNotifications\"");
        Assert.Equal("{\"ArnEquals\":{\"aws:SourceArn\":" + Sub("arn:${AWS::Partition}:s3:::" + BucketNameSub) + "},\"StringEquals\":{\"aws:SourceAccount\":{\"Ref\":\"AWS::AccountId\"}}}", Json(send["Condition"]));
        var mapping = t.Properties("LogShipperEventSourceMapping");
        Assert.Equal("""["ReportBatchItemFailures"]""", Json(mapping["FunctionResponseTypes"]));
        Assert.Equal(("""{"Ref":"ShipperSqsBatchingWindowSeconds"}""", """{"MaximumConcurrency":{"Ref":"ShipperSqsMaximumConcurrency"}}"""), (Json(mapping["MaximumBatchingWindowInSeconds"]), Json(mapping["ScalingConfig"])));
        var consume = Statements(t.Properties("LogShipperRole")["Policies"]![0]!.AsObject()).Single(s => Json(s["Sid"]) == "\"ConsumeEventQueue\"");
        Assert.Equal("""{"Fn::GetAtt":["LogShipperEventQueue","Arn"]}""", Json(consume["Resource"]));
        Assert.Equal("""{"Fn::GetAtt":["LogShipperEventDeadLetterQueue","QueueName"]}""", Json(t.Properties("LogShipperEventDeadLetterAlarm")["Dimensions"]![0]!["Value"]));
    }

    [Theory]
    [InlineData("S3Notification")]
    [InlineData("EventBridge")]
    [InlineData("Sqs")]
    public void Every_invoke_permission_names_its_source_and_no_statement_allows_every_action(string trigger)
    {
        var t = Deploy(("ShipperTrigger", trigger), ("ShipperBatchOperationsRole", "true"), ("RemediatorSnsTopicArns", "arn:aws:sns:us-east-1:111111111111:alarms"));

        Assert.All(t.Resources.Where(r => Json(r.Value["Type"]) == "\"AWS::Lambda::Permission\""), r => Assert.NotNull(r.Value["Properties"]!["SourceArn"]));
        var allowed = t.Resources.Values.SelectMany(r => Descendants(r)).OfType<JsonObject>()
            .Where(o => o["Effect"]?.GetValue<string>() == "Allow" && o["Action"] is not null)
            .SelectMany(o => o["Action"] is JsonArray list ? list.Select(a => a!.GetValue<string>()) : [o["Action"]!.GetValue<string>()]).ToList();
        Assert.NotEmpty(allowed);
        Assert.DoesNotContain(allowed, a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }

    [Fact]
    public void Remediator_topics_become_filtered_subscriptions_each_with_its_own_permission()
    {
        var none = Deploy();
        var two = Deploy(("RemediatorSnsTopicArns", "arn:aws:sns:us-east-1:111111111111:alarms,arn:aws:sns:eu-west-1:222222222222:other-alarms"));

        Assert.DoesNotContain(none.Resources.Keys, k => k.StartsWith("RemediatorSns", StringComparison.Ordinal));
        Assert.Equal(["RemediatorSnsInvokePermission1", "RemediatorSnsInvokePermission2", "RemediatorSnsSubscription1", "RemediatorSnsSubscription2"],
            two.Resources.Keys.Where(k => k.StartsWith("RemediatorSns", StringComparison.Ordinal)).Order());
        var second = two.Properties("RemediatorSnsSubscription2");
        Assert.Equal(("arn:aws:sns:eu-west-1:222222222222:other-alarms", "eu-west-1"), (two.Value(second["TopicArn"]!), RegionOf(two, second["Region"]!)));
        Assert.Equal(("\"lambda\"", """{"Fn::GetAtt":["RemediatorFunction","Arn"]}"""), (Json(second["Protocol"]), Json(second["Endpoint"])));
        Assert.Equal("""{"NewStateValue":["ALARM"],"AlarmName":[{"prefix":{"Fn::Sub":"${AWS::StackName}-${RemediatorAlarmNamePrefix}"}}]}""", Json(second["FilterPolicy"]));
        var permission = two.Properties("RemediatorSnsInvokePermission2");
        Assert.Equal(("\"sns.amazonaws.com\"", "arn:aws:sns:eu-west-1:222222222222:other-alarms"), (Json(permission["Principal"]), two.Value(permission["SourceArn"]!)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("arn:aws:sns:us-east-1:111111111111:a", true)]
    [InlineData("arn:aws:sns:us-east-1:111111111111:a,arn:aws:sns:us-east-1:111111111111:b,arn:aws-us-gov:sns:us-gov-west-1:111111111111:c", true)]
    [InlineData("arn:aws:sns:us-east-1:111111111111:a,arn:aws:sns:us-east-1:111111111111:b,arn:aws:sns:us-east-1:111111111111:c,arn:aws:sns:us-east-1:111111111111:d", false)]
    [InlineData("arn:aws:sns:us-east-1:111111111111:a, arn:aws:sns:us-east-1:111111111111:b", false)]
    [InlineData("arn:aws:sqs:us-east-1:111111111111:a", false)]
    public void More_than_three_topics_or_anything_but_topic_arns_are_refused_at_deploy(string value, bool accepted)
    {
        var pattern = LambdaSuite.LocalInvoke.CfnYaml.LoadFile(TestSupport.RepositoryPaths.Combine("template.yaml"))["Parameters"]!["RemediatorSnsTopicArns"]!["AllowedPattern"]!.GetValue<string>();

        Assert.Equal(accepted, Regex.IsMatch(value, pattern));
    }

    [Fact]
    public void Batch_operations_role_is_optional_scoped_to_the_function_and_the_batch_prefix_and_bound_to_this_account()
    {
        Assert.DoesNotContain("LogShipperBatchOperationsRole", Deploy().Resources.Keys);
        var t = Deploy(("ShipperBatchOperationsRole", "true"));

        var role = t.Properties("LogShipperBatchOperationsRole");
        var trust = Assert.Single(Statements(role, "AssumeRolePolicyDocument"));
        Assert.Equal(("""{"Service":"batchoperations.s3.amazonaws.com"}""", """{"StringEquals":{"aws:SourceAccount":{"Ref":"AWS::AccountId"}}}"""), (Json(trust["Principal"]), Json(trust["Condition"])));
        var statements = Statements(role["Policies"]![0]!.AsObject()).ToDictionary(s => s["Sid"]!.GetValue<string>(), s => Json(s["Resource"]));
        Assert.Equal("""{"Fn::GetAtt":["LogShipperFunction","Arn"]}""", statements["InvokeLogShipper"]);
        Assert.Equal($$"""{"Fn::Sub":"arn:${AWS::Partition}:s3:::{{BucketNameSub}}/batch-operations/*"}""", statements["ReadManifestsWriteReports"]);
        Assert.Contains("LogShipperBatchOperationsRoleArn", t.Outputs.Keys);
        Assert.Contains(Statements(t.Properties("AccessLogBucketPolicy")), s => Json(s["Sid"]) == "\"InventoryReportDelivery\"");
    }

    [Fact]
    public void Dashboard_outputs_show_the_switch_and_only_the_destination_settings_that_are_set()
    {
        var off = Deploy();
        var on = Deploy(("ShipperEnabled", "true"), ("DestinationBucket", "acme-logs"), ("DestinationBucketOwner", "222222222222"),
            ("DestinationKmsKeyArn", "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"));

        Assert.Equal(["ShipperTrigger", "ShippingEnabled", "ShippingEncryption"], off.Outputs.Keys.Where(k => k.StartsWith("Shipp", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("""{"Ref":"ShipperEnabled"}""", Json(off.Outputs["ShippingEnabled"]["Value"]));
        Assert.Equal("\"bucket-default\"", Json(off.Outputs["ShippingEncryption"]["Value"]));
        Assert.Equal("""{"Fn::Sub":"s3://${DestinationBucket}/${DestinationPrefix}"}""", Json(on.Outputs["ShippingDestination"]["Value"]));
        Assert.Equal(("""{"Ref":"DestinationBucketOwner"}""", """{"Ref":"DestinationKmsKeyArn"}""", "\"aws:kms\""),
            (Json(on.Outputs["ShippingDestinationOwner"]["Value"]), Json(on.Outputs["ShippingKmsKeyArn"]["Value"]), Json(on.Outputs["ShippingEncryption"]["Value"])));
    }

    private static string RegionOf(DeployedTemplate t, JsonNode regionExpression)
    {
        // !Select [3, !Split [':', <topic arn expression>]]
        var args = regionExpression["Fn::Select"]!.AsArray();
        var arn = t.Value(args[1]!["Fn::Split"]![1]!);
        return arn.Split(':')[int.Parse(t.Value(args[0]!), System.Globalization.CultureInfo.InvariantCulture)];
    }
}
