using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.Ops.IntegrationTests.Fixtures;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Operations;

/// <summary>
/// The alarms and the dashboard are tied to the code that writes their metrics: what template.yaml
/// reads in the suite's namespace (every ShipperTrigger value, every optional part on) against what the
/// functions' NativeAOT bootstraps wrote when run on their sample events and failure cases
/// (<see cref="FunctionRuns"/>). A rename, or a changed unit, namespace or dimension, on either side fails.
/// </summary>
public sealed class MetricTieTests(FunctionRuns runs) : IClassFixture<FunctionRuns>
{
    private static readonly Lazy<List<WatchedMetric>> TemplateReads = new(() => Watched(Rehearsed.Transformed));

    private static List<WatchedMetric> Watched(JsonObject transformed)
        => [.. RehearsalRun.Triggers(transformed).SelectMany(trigger =>
        {
            var parameters = Scenarios.TemplateParameters(trigger);
            parameters["MetricsNamespace"] = FunctionRuns.Namespace;
            var stack = RehearsalRun.PlanSuite(RepositoryPaths.Root, transformed, parameters, Rehearsed.Access(Scenarios.Environment), Rehearsed.Model, Rehearsed.Facts);
            Assert.Empty(stack.Problems);
            return WatchedMetrics.Read(stack, $"ShipperTrigger={trigger}", FunctionRuns.Namespace);
        })];

    private List<string> Problems(List<WatchedMetric>? watched = null, IEnumerable<EmittedMetric>? emitted = null)
        => MetricTie.Problems(watched ?? TemplateReads.Value, [.. emitted ?? runs.Emitted], MetricTie.Unwatched());

    [Fact]
    public void Every_metric_an_alarm_or_widget_reads_is_written_as_read_and_every_metric_written_is_read_or_listed()
    {
        Assert.Empty(Problems());
        // Not vacuous: alarms and widgets of every function, each metric read where its function writes it.
        var reads = TemplateReads.Value;
        Assert.Contains(reads, w => w.Reader == "alarm LogShipperShipLagAlarm" && w.Name == "ObjectAgeSeconds" && w.Unit == "Seconds" && w.Function == "LogShipperFunction");
        Assert.Contains(reads, w => w.Reader == "alarm LogShipperBatchFailuresAlarm" && w.Name == "BatchObjectsFailed");
        Assert.Contains(reads, w => w.Reader == "alarm RemediatorFleetBrakeAlarm" && w.Name == "FleetBrakeEngaged");
        Assert.Contains(reads, w => w.Reader.StartsWith("dashboard OperationsDashboard", StringComparison.Ordinal) && w.Name == "ProfilesCreated" && w.Function == "PostConfirmationFunction");
        Assert.Equal(["LogShipperFunction", "PostConfirmationFunction", "RemediatorFunction"], reads.Select(w => w.Function).Distinct().Order());
        Assert.Equal(["ProfilesSkipped"], MetricTie.Unwatched());
    }

    [Fact]
    public void Every_metric_the_code_can_write_was_written_by_a_run()
    {
        var (names, problems) = SourceMetrics.Read();

        Assert.Empty(problems);
        Assert.True(names.Count >= 20, string.Join(", ", names));
        Assert.Empty(names.Except(runs.Emitted.Select(e => e.Name)));
        Assert.All(runs.Emitted, e => Assert.Equal(FunctionRuns.Namespace, e.Namespace));
    }

    [Fact]
    public void A_back_fill_ships_without_an_age_and_a_notification_ships_with_one()
    {
        double Sum(string run, string metric) => runs.ByRun[run].Where(e => e.Name == metric).Sum(e => e.Values.Sum());
        bool Has(string run, string metric) => runs.ByRun[run].Any(e => e.Name == metric);
        var written = string.Join("; ", runs.ByRun.Where(r => r.Key.StartsWith("LogShipperFunction", StringComparison.Ordinal))
            .Select(r => $"{r.Key}: {string.Join(", ", r.Value.Select(e => $"{e.Name}={e.Values.Sum()}"))}"));

        Assert.True(Sum("LogShipperFunction (back-fill)", "ObjectsShipped") >= 2, written);
        Assert.False(Has("LogShipperFunction (back-fill)", "ObjectAgeSeconds"));
        Assert.True(Has("LogShipperFunction (back-fill)", "BatchObjectsFailed"));
        Assert.True(Sum("LogShipperFunction (S3 notification)", "ObjectsShipped") >= 2, written);
        Assert.True(Has("LogShipperFunction (S3 notification)", "ObjectAgeSeconds"));
        Assert.False(Has("LogShipperFunction (S3 notification)", "BatchObjectsFailed"));
        Assert.True(Sum("LogShipperFunction (SQS batch)", "BatchObjectsFailed") >= 1, written);
    }

    [Fact]
    public void A_metric_renamed_in_the_template_only_is_reported()
    {
        var transformed = Rehearsed.Transformed;
        var resources = transformed["Resources"]!;
        resources["LogShipperShipLagAlarm"]!["Properties"]!["MetricName"] = "ObjectAge";
        var body = resources["OperationsDashboard"]!["Properties"]!["DashboardBody"]!["Fn::Sub"]![0]!;
        resources["OperationsDashboard"]!["Properties"]!["DashboardBody"]!["Fn::Sub"]![0] = body.GetValue<string>().Replace("\"ProfilesCreated\"", "\"ProfilesMade\"", StringComparison.Ordinal);

        var problems = Problems(Watched(transformed));

        Assert.Contains(problems, p => p.StartsWith("alarm LogShipperShipLagAlarm [ShipperTrigger=S3Notification] reads LambdaSuite/TieTest ObjectAge {FunctionName} of LogShipperFunction, which no run of LogShipperFunction wrote", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("dashboard OperationsDashboard widget 8 (metric \"PostConfirmation: profiles\") [ShipperTrigger=Sqs] reads LambdaSuite/TieTest ProfilesMade", StringComparison.Ordinal));
        Assert.Contains("PostConfirmationFunction writes ProfilesCreated, which no alarm or dashboard widget reads and the README does not list as deliberately unwatched", problems);
    }

    [Fact]
    public void A_metric_renamed_in_the_code_only_is_reported()
    {
        var problems = Problems(emitted: runs.Emitted.Select(e => e.Name == "FleetBrakeEngaged" ? e with { Name = "FleetBrakeHeld" } : e));

        Assert.Contains(problems, p => p.StartsWith("alarm RemediatorFleetBrakeAlarm [ShipperTrigger=S3Notification] reads LambdaSuite/TieTest FleetBrakeEngaged {FunctionName} of RemediatorFunction, which no run of RemediatorFunction wrote", StringComparison.Ordinal));
        Assert.Contains("RemediatorFunction writes FleetBrakeHeld, which no alarm or dashboard widget reads and the README does not list as deliberately unwatched", problems);
    }

    [Fact]
    public void A_unit_namespace_dimension_set_or_function_name_changed_in_the_code_is_reported()
    {
        var problems = Problems(emitted: runs.Emitted.Select(e => e.Name switch
        {
            "ObjectAgeSeconds" => e with { Unit = "Milliseconds" },
            "BatchObjectsFailed" => e with { Namespace = "LambdaSuite" },
            "LockTakeovers" => e with { DimensionSets = [["FunctionName", "Cluster"]] },
            "ProfilesFailed" => e with { Dimensions = new Dictionary<string, string> { ["FunctionName"] = "PostConfirmation" } },
            _ => e,
        }));

        Assert.Contains(problems, p => p.StartsWith("alarm LogShipperShipLagAlarm [ShipperTrigger=Sqs] reads LambdaSuite/TieTest ObjectAgeSeconds {FunctionName} in Seconds, but LogShipperFunction writes it in Milliseconds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("alarm LogShipperBatchFailuresAlarm [ShipperTrigger=Sqs] reads LambdaSuite/TieTest BatchObjectsFailed {FunctionName} of LogShipperFunction, which no run of LogShipperFunction wrote (written by LogShipperFunction in LambdaSuite)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("reads LambdaSuite/TieTest LockTakeovers {FunctionName}, but RemediatorFunction writes it with the dimension sets {Cluster, FunctionName}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("reads LambdaSuite/TieTest ProfilesFailed {FunctionName}, but PostConfirmationFunction (users table missing) wrote FunctionName 'PostConfirmation', not the name Lambda gave it ('PostConfirmationFunction')", StringComparison.Ordinal));
    }

    [Fact]
    public void A_FunctionName_the_template_writes_out_instead_of_naming_the_function_is_reported()
    {
        var transformed = Rehearsed.Transformed;
        transformed["Resources"]!["RemediatorRateAlarm"]!["Properties"]!["Dimensions"]![0]!["Value"] = new JsonObject { ["Fn::Sub"] = "${AWS::StackName}-Remediator" };

        var problems = Problems(Watched(transformed));

        Assert.Contains("alarm RemediatorRateAlarm [ShipperTrigger=EventBridge] reads LambdaSuite/TieTest RemediationsPerformed {FunctionName}, but its FunctionName 'lambdasuite-rehearsal0001-Remediator' names no function of the stack", problems);
    }

    [Fact]
    public void The_README_list_of_unwatched_metrics_is_held_to_the_code_and_the_template()
    {
        var problems = MetricTie.Problems(TemplateReads.Value, runs.Emitted, new HashSet<string> { "ProfilesSkipped", "ObjectsShipped", "NoSuchMetric" });

        Assert.Equal(
            ["the README lists NoSuchMetric as deliberately unwatched, but no function wrote it"],
            problems.Where(p => p.Contains("NoSuchMetric", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.StartsWith("the README lists ObjectsShipped as deliberately unwatched, but ", StringComparison.Ordinal));
        Assert.Equal(["A", "B"], MetricTie.Unwatched("# x\n\n**Deliberately unwatched:** `A` (why), `B` (why).\n\nmore `C`"));
    }
}
