using System.Text.Json;
using LambdaSuite.Common.Configuration;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.TestSupport;
using Xunit;

namespace LogShipper.Tests;

/// <summary>The files in infra/events/logshipper are what people run locally: they must stay valid.</summary>
public sealed class SampleEventTests
{
    private static ParsedInvocation ParseFile(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", name)));
        return EventParser.Parse(document.RootElement);
    }

    [Fact]
    public void S3_put_sample_decodes_space_plus_percent_and_unicode_keys()
    {
        var parsed = ParseFile("s3-put.json");

        Assert.Equal(TriggerShape.S3Notification, parsed.Shape);
        Assert.Equal(["logs/alb/app access log.gz", "logs/alb/a+b.gz", "logs/alb/100% done.gz", "logs/cdn/café-€-📦.gz"],
            parsed.Items.Cast<CopyCandidate>().Select(c => c.Object.Key));
    }

    [Fact]
    public void EventBridge_sample_is_an_object_created_event_for_the_local_bucket()
    {
        var item = Assert.IsType<CopyCandidate>(Assert.Single(ParseFile("eventbridge-object-created.json").Items));

        Assert.Equal(("lambdasuite-access-logs", "logs/alb/app access log.gz"), (item.Object.Bucket, item.Object.Key));
    }

    [Fact]
    public void Sqs_sample_has_two_messages_each_with_one_object()
    {
        var parsed = ParseFile("sqs-s3.json");

        Assert.Equal(TriggerShape.Sqs, parsed.Shape);
        Assert.Equal(2, parsed.Items.OfType<CopyCandidate>().Select(c => c.MessageId).Distinct().Count());
    }

    [Fact]
    public void Test_event_sample_is_ignored()
    {
        Assert.Equal(EventParser.ReasonTestEvent, Assert.IsType<Ignored>(Assert.Single(ParseFile("s3-test-event.json").Items)).Reason);
    }

    [Fact]
    public void Env_json_is_a_valid_enabled_configuration_for_the_local_buckets()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", "env.json")));
        var values = document.RootElement.GetProperty("LogShipperFunction").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var settings = ShipperSettings.Load(new EnvironmentReader(values));

        Assert.True(settings.Enabled);
        Assert.Equal(("lambdasuite-access-logs", "customer-log-archive"), (settings.SourceBucket, settings.DestinationBucket));
    }

    [Fact]
    public void Every_env_json_variable_is_declared_by_the_template_so_sam_applies_it()
    {
        var template = File.ReadAllText(RepositoryPaths.Combine("template.yaml"));
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", "env.json")));

        foreach (var variable in document.RootElement.GetProperty("LogShipperFunction").EnumerateObject())
        {
            Assert.Matches($"(?m)^ +{variable.Name}: ", template);
        }
    }
}
