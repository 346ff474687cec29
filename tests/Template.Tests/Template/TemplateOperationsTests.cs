using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// What template.yaml promises an operator: every alarm reaches someone, every failure queue is
/// watched, every function has throttle and near-timeout alarms, and every role's trust checks
/// the calling account.
/// </summary>
public sealed class TemplateOperationsTests
{
    private static readonly string[] FailureTargetKeys = ["Destination", "Arn", "deadLetterTargetArn"];
    // The alarm units of infra/alarms/ written out: every alarm of the stack is one resource here.
    private static readonly JsonObject Template = AlarmUnits.Load();

    private static IEnumerable<KeyValuePair<string, JsonNode?>> ResourcesOfType(JsonObject template, string type)
        => template["Resources"]!.AsObject().Where(r => (string?)r.Value!["Type"] == type);

    private static string Ref(string name) => new JsonObject { ["Ref"] = name }.ToJsonString();

    private static string FunctionOf(JsonNode alarm)
    {
        var dimensions = alarm["Properties"]!["Dimensions"]
            ?? alarm["Properties"]!["Metrics"]!.AsArray().Select(m => m!["MetricStat"]?["Metric"]?["Dimensions"]).Single(d => d is not null)!;
        var value = dimensions.AsArray().Single(d => (string?)d!["Name"] == "FunctionName")!["Value"]!;
        return (string)value["Ref"]!;
    }

    private static string MetricOf(JsonNode alarm)
        => (string?)alarm["Properties"]!["MetricName"]
           ?? alarm["Properties"]!["Metrics"]!.AsArray().Select(m => (string?)m!["MetricStat"]?["Metric"]?["MetricName"]).Single(n => n is not null)!;

    public static List<string> AlarmProblems(JsonObject template)
    {
        var topic = new JsonArray(new JsonObject
        {
            ["Fn::If"] = new JsonArray("CreateAlarmTopic", new JsonObject { ["Ref"] = "AlarmTopic" }, new JsonObject { ["Ref"] = "AlarmTopicArn" }),
        }).ToJsonString();
        var problems = new List<string>();
        foreach (var (id, alarm) in ResourcesOfType(template, "AWS::CloudWatch::Alarm"))
        {
            foreach (var actions in new[] { "AlarmActions", "OKActions" })
            {
                var value = alarm!["Properties"]![actions]?.ToJsonString();
                if (value != topic)
                {
                    problems.Add($"{id}.{actions} is {value ?? "missing"}, expected {topic}");
                }
            }
        }

        return problems;
    }

    [Fact]
    public void Every_alarm_notifies_the_alarm_topic_on_ALARM_and_on_OK()
    {
        Assert.NotEmpty(ResourcesOfType(Template, "AWS::CloudWatch::Alarm"));
        Assert.Empty(AlarmProblems(Template));
    }

    [Fact]
    public void An_alarm_without_OK_actions_is_reported()
    {
        var template = (JsonObject)Template.DeepClone();
        template["Resources"]!["PostConfirmationErrorsAlarm"]!["Properties"]!.AsObject().Remove("OKActions");

        Assert.Equal(["PostConfirmationErrorsAlarm.OKActions is missing, expected [{\"Fn::If\":[\"CreateAlarmTopic\",{\"Ref\":\"AlarmTopic\"},{\"Ref\":\"AlarmTopicArn\"}]}]"],
            AlarmProblems(template));
    }

    /// <summary>The alarm table of infra/alarms/README.md (linked from the README's Operations section): the names in each row's first cell, and its last cell.</summary>
    private static List<(List<string> Names, string Action)> ReadmeAlarmRows()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("infra", "alarms", "README.md"));
        var operations = readme[readme.IndexOf("\n## Alarms\n", StringComparison.Ordinal)..];
        operations = operations[..operations.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return [.. operations.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split(" | "))
            .Where(cells => cells.Length == 3)
            .Select(cells => (System.Text.RegularExpressions.Regex.Matches(cells[0], "`([^`]+)`").Select(m => m.Groups[1].Value).ToList(), cells[2].TrimEnd(' ', '|')))];
    }

    [Fact]
    public void Every_alarm_is_listed_in_the_alarm_table_with_what_to_do()
    {
        var rows = ReadmeAlarmRows();
        var nested = CfnYaml.LoadFile(RepositoryPaths.Combine("infra", "alarms", "ecs-service.yaml"));
        var nestedSignals = ResourcesOfType(nested, "AWS::CloudWatch::Alarm")
            .Select(a => a.Value!["Properties"]!["AlarmName"]!["Fn::Sub"]!.GetValue<string>().Split('/')[^1]).ToList();

        Assert.Equal(2, nestedSignals.Count);
        foreach (var alarm in ResourcesOfType(Template, "AWS::CloudWatch::Alarm").Select(a => a.Key).Concat(nestedSignals))
        {
            var row = rows.Where(r => r.Names.Any(n => n == alarm || n.EndsWith("/" + alarm, StringComparison.Ordinal))).ToList();
            Assert.True(row.Count == 1, $"{alarm}: {row.Count} rows of the alarm table in infra/alarms/README.md");
            Assert.True(row[0].Action.Length > 10, $"{alarm}: no action in its README row");
        }
    }

    [Fact]
    public void A_default_deploy_creates_the_alarm_topic()
    {
        Assert.Equal("", (string?)Template["Parameters"]!["AlarmTopicArn"]!["Default"]);
        Assert.Equal("""{"Fn::Equals":[{"Ref":"AlarmTopicArn"},""]}""", Template["Conditions"]!["CreateAlarmTopic"]!.ToJsonString());
        Assert.Equal("AWS::SNS::Topic", (string?)Template["Resources"]!["AlarmTopic"]!["Type"]);
    }

    private static List<(string Function, string Metric)> LambdaAlarms()
        => [.. ResourcesOfType(Template, "AWS::CloudWatch::Alarm")
            .Where(a => a.Value!["Properties"]!.ToJsonString().Contains("\"Namespace\":\"AWS/Lambda\"", StringComparison.Ordinal))
            .Select(a => (FunctionOf(a.Value!), MetricOf(a.Value!)))];

    [Fact]
    public void Every_function_has_Errors_Throttles_and_Duration_alarms()
    {
        var alarms = LambdaAlarms();
        foreach (var (function, _) in ResourcesOfType(Template, "AWS::Serverless::Function"))
        {
            Assert.Contains((function, "Errors"), alarms);
            Assert.Contains((function, "Throttles"), alarms);
            Assert.Contains((function, "Duration"), alarms);
        }
    }

    [Fact]
    public void Every_duration_alarm_divides_by_its_functions_timeout()
    {
        var durationAlarms = ResourcesOfType(Template, "AWS::CloudWatch::Alarm").Where(a => MetricOf(a.Value!) == "Duration").ToList();
        Assert.Equal(3, durationAlarms.Count);
        foreach (var (id, alarm) in durationAlarms)
        {
            var timeout = Template["Resources"]![FunctionOf(alarm!)]!["Properties"]!["Timeout"]!;
            var divisor = timeout is JsonObject reference ? "${" + (string)reference["Ref"]! + "}" : timeout.ToJsonString();
            var expression = alarm!["Properties"]!["Metrics"]!.AsArray().Single(m => m!["Expression"] is not null)!["Expression"]!;
            var text = expression is JsonObject sub ? (string)sub["Fn::Sub"]! : (string)expression!;
            Assert.True(text == $"duration / ({divisor} * 1000)", $"{id}: expression {text} does not divide by the function's Timeout {divisor}");
            Assert.Equal(0.8, (double)alarm["Properties"]!["Threshold"]!);
        }
    }

    [Fact]
    public void Every_async_function_with_a_failure_destination_has_a_DestinationDeliveryFailures_alarm()
    {
        var watched = LambdaAlarms().Where(a => a.Metric == "DestinationDeliveryFailures").Select(a => a.Function).ToList();
        var withDestination = ResourcesOfType(Template, "AWS::Serverless::Function")
            .Where(f => f.Value!["Properties"]!["EventInvokeConfig"]?["DestinationConfig"] is not null).Select(f => f.Key).ToList();

        Assert.Equal(["LogShipperFunction", "RemediatorFunction"], withDestination.Order());
        Assert.Equal(withDestination.Order(), watched.Order());
    }

    /// <summary>Queues that receive what failed: on-failure destinations, rule dead-letter queues, redrive targets.</summary>
    private static List<string> FailureQueues()
    {
        var text = Template["Resources"]!.ToJsonString();
        return [.. ResourcesOfType(Template, "AWS::SQS::Queue").Select(q => q.Key).Where(q =>
        {
            var arn = new JsonObject { ["Fn::GetAtt"] = new JsonArray(q, "Arn") }.ToJsonString();
            return FailureTargetKeys.Any(key => text.Contains($"\"{key}\":{arn}", StringComparison.Ordinal));
        })];
    }

    [Fact]
    public void Every_failure_queue_has_a_depth_and_an_age_alarm()
    {
        var queues = FailureQueues();
        Assert.Superset(new HashSet<string> { "LogShipperFailureQueue", "RemediatorFailureQueue", "RemediatorRuleDeadLetterQueue" }, queues.ToHashSet());
        var alarms = ResourcesOfType(Template, "AWS::CloudWatch::Alarm")
            .Where(a => a.Value!["Properties"]!["Namespace"]?.ToJsonString() == "\"AWS/SQS\"")
            .Select(a => ((string)a.Value!["Properties"]!["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!, MetricOf(a.Value!)))
            .ToList();
        foreach (var queue in queues)
        {
            Assert.Contains((queue, "ApproximateNumberOfMessagesVisible"), alarms);
            Assert.Contains((queue, "ApproximateAgeOfOldestMessage"), alarms);
        }
    }

    [Fact]
    public void Every_role_trust_for_a_service_checks_aws_SourceAccount()
    {
        var roles = ResourcesOfType(Template, "AWS::IAM::Role").ToList();
        Assert.Superset(new HashSet<string> { "LogShipperRole", "PostConfirmationRole", "RemediatorRole" }, roles.Select(r => r.Key).ToHashSet());
        foreach (var (id, role) in roles)
        {
            foreach (var statement in role!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())
            {
                Assert.True(statement!["Principal"]?["Service"] is not null, $"{id} trusts a principal that is not a service");
                var account = statement["Condition"]?["StringEquals"]?["aws:SourceAccount"]?.ToJsonString();
                Assert.True(account == Ref("AWS::AccountId"), $"{id}: trust without aws:SourceAccount = this account");
            }
        }
    }
}
