using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// How the Remediator's outcomes travel: Lambda's async destinations put every invocation record
/// on the outcome bus; one rule tells the alarm topic what was done (never the duplicates the lock
/// suppressed), another keeps failures in the on-failure queue and tells the topic. The rules run
/// here against the sample outcome events of infra/events/remediator/outcomes.
/// </summary>
public sealed class RemediatorOutcomeRulesTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:lambdasuite-prod-RemediatorFunction-Q1w2E3r4T5y6";

    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    private static readonly TemplateIntrinsics Deploy = new(Template, new Dictionary<string, string>
    {
        ["RemediatorFunction.Arn"] = FunctionArn,
        ["RemediatorFailureQueue.QueueName"] = "lambdasuite-prod-RemediatorFailureQueue-AbCdEf",
        ["AWS::Region"] = "us-east-1",
        ["AWS::Partition"] = "aws",
        ["AWS::StackName"] = "lambdasuite-prod",
    });

    private static JsonObject Resource(string id) => Template["Resources"]![id]!.AsObject();

    private static JsonObject Pattern(string rule) => Deploy.Resolve(Resource(rule)["Properties"]!["EventPattern"])!.AsObject();

    private static JsonNode Target(string rule, string id) => Resource(rule)["Properties"]!["Targets"]!.AsArray().Single(t => (string?)t!["Id"] == id)!;

    private static JsonNode Outcome(string name) => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "remediator", "outcomes", name + ".json")))!;

    private static string Render(string rule, string target, JsonNode @event)
    {
        var transformer = Target(rule, target)["InputTransformer"]!;
        return InputTransformer.Render(transformer["InputPathsMap"]!.AsObject(), (string)Deploy.Resolve(transformer["InputTemplate"])!, @event);
    }

    private static readonly string AlarmTopic = """[{"Fn::If":["CreateAlarmTopic",{"Ref":"AlarmTopic"},{"Ref":"AlarmTopicArn"}]}]""";

    [Fact]
    public void Both_async_outcomes_go_to_the_outcome_bus_which_only_the_function_role_may_put_to()
    {
        var destinations = Resource("RemediatorFunction")["Properties"]!["EventInvokeConfig"]!["DestinationConfig"]!;
        foreach (var condition in new[] { "OnSuccess", "OnFailure" })
        {
            Assert.Equal("EventBridge", (string?)destinations[condition]!["Type"]);
            Assert.Equal("""{"Fn::GetAtt":["RemediatorOutcomeBus","Arn"]}""", destinations[condition]!["Destination"]!.ToJsonString());
        }

        var statements = Resource("RemediatorRole")["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();
        var put = Assert.Single(statements, s => s!["Action"]!.ToJsonString().Contains("events:", StringComparison.Ordinal));
        Assert.Equal("\"events:PutEvents\"", put!["Action"]!.ToJsonString());
        Assert.Equal("""{"Fn::GetAtt":["RemediatorOutcomeBus","Arn"]}""", put["Resource"]!.ToJsonString());
        // Lambda no longer sends to the queue itself; the failure rule does, under the queue's policy.
        Assert.DoesNotContain(statements, s => s!["Action"]!.ToJsonString().Contains("sqs:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("stopped", true)]
    [InlineData("refused", true)]
    [InlineData("guard", true)]
    [InlineData("duplicate", false)]
    [InlineData("ignored", false)]
    [InlineData("failure", false)]
    [InlineData("held", true)]
    public void The_notification_rule_forwards_what_was_done_and_never_a_suppressed_duplicate(string outcome, bool forwarded)
        => Assert.Equal(forwarded, EventPattern.Matches(Pattern("RemediatorNotificationRule"), Outcome(outcome)));

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Of_the_alarms_the_fleet_brake_held_only_the_first_of_an_engagement_is_forwarded(bool? firstHeld)
    {
        var held = Outcome("held");
        var response = held["detail"]!["responsePayload"]!.AsObject();
        response.Remove("firstHeld");
        if (firstHeld is { } value)
        {
            response["firstHeld"] = value;
        }

        Assert.False(EventPattern.Matches(Pattern("RemediatorNotificationRule"), held));
    }

    [Fact]
    public void A_first_held_mark_on_another_action_forwards_nothing_the_lock_suppressed()
    {
        var duplicate = Outcome("duplicate");
        duplicate["detail"]!["responsePayload"]!["firstHeld"] = true;

        Assert.False(EventPattern.Matches(Pattern("RemediatorNotificationRule"), duplicate));
    }

    [Fact]
    public void The_brakes_message_says_it_engaged_for_which_service_that_nothing_stopped_and_links_every_held_alarm()
    {
        var held = Outcome("held");
        var response = held["detail"]!["responsePayload"]!;

        var lines = Render("RemediatorNotificationRule", "AlarmTopic", held).Split('\n');

        Assert.Equal($"\"{response["summary"]}\"", lines[0]);
        Assert.StartsWith("\"Fleet brake engaged: the budget of 3 stop(s) per 600 s in cluster prod-cluster is spent, so no task was stopped for alarm "
            + "lambdasuite-prod-remediate-prod-cluster/api/target-5xx-rate (ALARM at 2026-11-22T10:15:00.000Z) of service api in cluster prod-cluster, the first service held.", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"Every stop and held alarm around this engagement: {response["heldAlarmsUrl"]}\"", lines[0], StringComparison.Ordinal);
        // The link's log group is the one the function logs to.
        var logGroup = (string)Deploy.Resolve(Resource("RemediatorLogGroup")["Properties"]!["LogGroupName"])!;
        Assert.EndsWith("~source~(~'" + logGroup.Replace("/", "*2f", StringComparison.Ordinal) + "))", (string)response["heldAlarmsUrl"]!, StringComparison.Ordinal);
        Assert.Equal($"\"Logs of this invocation (request {response["requestId"]}): {response["logsInsightsUrl"]}\"", lines[2]);
    }

    [Fact]
    public void A_dry_run_is_forwarded_so_a_rehearsal_shows_its_message()
    {
        var dryRun = Outcome("stopped");
        dryRun["detail"]!["responsePayload"]!["action"] = "dry-run";

        Assert.True(EventPattern.Matches(Pattern("RemediatorNotificationRule"), dryRun));
    }

    [Theory]
    [InlineData("failure", true)]
    [InlineData("stopped", false)]
    [InlineData("refused", false)]
    [InlineData("duplicate", false)]
    public void The_failure_rule_takes_failed_invocations_only(string outcome, bool taken)
        => Assert.Equal(taken, EventPattern.Matches(Pattern("RemediatorFailureRule"), Outcome(outcome)));

    [Theory]
    [InlineData("RemediatorNotificationRule", "stopped")]
    [InlineData("RemediatorFailureRule", "failure")]
    public void Records_of_another_function_on_the_bus_are_not_taken(string rule, string outcome)
    {
        var other = Outcome(outcome);
        other["detail"]!["requestContext"]!["functionArn"] = FunctionArn + "-other:$LATEST";

        Assert.False(EventPattern.Matches(Pattern(rule), other));
    }

    [Fact]
    public void The_message_of_a_stop_names_alarm_service_task_and_lock_expiry_with_console_links()
    {
        var stopped = Outcome("stopped");
        var response = stopped["detail"]!["responsePayload"]!;

        var message = Render("RemediatorNotificationRule", "AlarmTopic", stopped);

        Assert.Equal(
            $"\"{response["summary"]}\"\n\"Alarm: {response["alarmConsoleUrl"]}\"\n\"Logs of this invocation (request {response["requestId"]}): {response["logsInsightsUrl"]}\"\n"
            + $"\"X-Ray trace {response["traceId"]}: {response["traceConsoleUrl"]}\"",
            message);
        foreach (var fact in new[] { "lambdasuite-prod-remediate-prod-cluster/api/target-5xx-rate", "service api in cluster prod-cluster", (string)response["taskArn"]!, (string)response["lockExpiresAt"]! })
        {
            Assert.Contains(fact, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_failure_stays_in_the_on_failure_queue_as_the_record_Lambda_sent()
    {
        var queue = Target("RemediatorFailureRule", "FailureQueue");

        Assert.Equal("""{"Fn::GetAtt":["RemediatorFailureQueue","Arn"]}""", queue["Arn"]!.ToJsonString());
        Assert.Equal("$.detail", (string?)queue["InputPath"]);
        var grant = Resource("RemediatorFailureQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Single(s => (string?)s!["Effect"] == "Allow")!;
        Assert.Equal("""{"Service":"events.amazonaws.com"}""", grant["Principal"]!.ToJsonString());
        Assert.Equal("""{"ArnEquals":{"aws:SourceArn":{"Fn::GetAtt":["RemediatorFailureRule","Arn"]}}}""", grant["Condition"]!.ToJsonString());
    }

    [Fact]
    public void The_message_of_a_failure_names_the_error_the_alarm_the_queue_and_links_the_logs_of_its_request()
    {
        var failure = Outcome("failure");

        var lines = Render("RemediatorFailureRule", "AlarmTopic", failure).Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("\"LambdaSuite Remediator FAILED (RetriesExhausted after 3 attempt(s)) for alarm lambdasuite-prod-remediate-prod-cluster/api/target-5xx-rate: RemediationFailedException: ECS StopTask of ",
            lines[0], StringComparison.Ordinal);
        Assert.Contains("lambdasuite-prod-RemediatorFailureQueue-AbCdEf", lines[1], StringComparison.Ordinal);
        var requestId = (string)failure["detail"]!["requestContext"]!["requestId"]!;
        Assert.Contains($"requestId*20*3d*20*27{requestId}*27*20or*20*40requestId*20*3d*20*27{requestId}*27", lines[2], StringComparison.Ordinal);
        // The link's log group is the one the function logs to.
        var logGroup = (string)Deploy.Resolve(Resource("RemediatorLogGroup")["Properties"]!["LogGroupName"])!;
        Assert.Contains("~source~(~'" + logGroup.Replace("/", "*2f", StringComparison.Ordinal) + "))\"", lines[2], StringComparison.Ordinal);
        Assert.Contains("https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3FqueryDetail$3D~(", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("<", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_two_outcome_rules_may_publish_to_the_stack_alarm_topic_and_both_target_it()
    {
        Assert.Equal(AlarmTopic, new JsonArray(Target("RemediatorNotificationRule", "AlarmTopic")["Arn"]!.DeepClone()).ToJsonString());
        Assert.Equal(AlarmTopic, new JsonArray(Target("RemediatorFailureRule", "AlarmTopic")["Arn"]!.DeepClone()).ToJsonString());
        var statements = Resource("AlarmTopicPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var events = Assert.Single(statements, s => s!["Principal"]!.ToJsonString() == """{"Service":"events.amazonaws.com"}""")!;
        Assert.Equal("\"sns:Publish\"", events["Action"]!.ToJsonString());
        Assert.Equal("""{"ArnEquals":{"aws:SourceArn":[{"Fn::GetAtt":["RemediatorNotificationRule","Arn"]},{"Fn::GetAtt":["RemediatorFailureRule","Arn"]}]}}""",
            events["Condition"]!.ToJsonString());
    }

    [Fact]
    public void Every_outcome_target_parks_what_it_could_not_deliver_in_the_rule_dead_letter_queue_which_admits_the_rule()
    {
        var admitted = Resource("RemediatorRuleDeadLetterQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]![0]!["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.ToJsonString();
        foreach (var rule in new[] { "RemediatorNotificationRule", "RemediatorFailureRule" })
        {
            Assert.Contains($"{{\"Fn::GetAtt\":[\"{rule}\",\"Arn\"]}}", admitted, StringComparison.Ordinal);
            foreach (var target in Resource(rule)["Properties"]!["Targets"]!.AsArray())
            {
                Assert.Equal("""{"Fn::GetAtt":["RemediatorRuleDeadLetterQueue","Arn"]}""", target!["DeadLetterConfig"]!["Arn"]!.ToJsonString());
            }
        }
    }
}
