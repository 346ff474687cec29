using System.Text.Json;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Metrics;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LambdaSuite.Common.Tests.Metrics;

public sealed class EmfMetricsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);

    [Fact]
    public void A_flush_writes_one_emf_document_with_namespace_dimension_units_and_values()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "LambdaSuite/test", "prod-LogShipper", new FakeTimeProvider(Now));

        metrics.Add("ObjectsShipped", 1, MetricUnit.Count);
        metrics.Add("ObjectsShipped", 1, MetricUnit.Count);
        metrics.Add("BytesShipped", 2048, MetricUnit.Bytes);
        metrics.Flush();

        var doc = Assert.Single(sink.Json());
        var aws = doc.GetProperty("_aws");
        Assert.Equal(1_795_000_000_123, aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("LambdaSuite/test", directive.GetProperty("Namespace").GetString());
        var dimensionSet = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(["FunctionName"], dimensionSet.EnumerateArray().Select(d => d.GetString()));
        var declared = directive.GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("Count", declared["ObjectsShipped"]);
        Assert.Equal("Bytes", declared["BytesShipped"]);
        Assert.Equal("prod-LogShipper", doc.GetProperty("FunctionName").GetString());
        Assert.Equal([1.0, 1.0], doc.GetProperty("ObjectsShipped").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(2048, doc.GetProperty("BytesShipped").GetDouble());
    }

    [Fact]
    public void A_document_flushed_during_an_invocation_carries_its_request_and_trace_ids_and_one_outside_none()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "LambdaSuite/test", "prod-Remediator", new FakeTimeProvider(Now));
        const string Trace = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";

        using (InvocationScope.Enter(new InvocationContext("req-1", Now.AddSeconds(30), "arn:aws:lambda:us-east-1:123456789012:function:f", Trace, false)))
        {
            metrics.Add("RemediationsPerformed", 1, MetricUnit.Count);
            metrics.Flush();
        }

        metrics.Add("RemediationsPerformed", 1, MetricUnit.Count);
        metrics.Flush();

        var (during, after) = (sink.Json()[0], sink.Json()[1]);
        Assert.Equal("req-1", during.GetProperty("requestId").GetString());
        Assert.Equal("1-5bef4de7-ad49b0e87f6ef6c87fc2e700", during.GetProperty("xray_trace_id").GetString());
        // Properties, not metrics or dimensions: the directive still declares only the metric.
        Assert.Equal(["RemediationsPerformed"], during.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()));
        Assert.False(after.TryGetProperty("requestId", out _));
        Assert.False(after.TryGetProperty("xray_trace_id", out _));
    }

    [Fact]
    public void Flush_without_values_writes_nothing_and_a_flush_clears_the_buffer()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "ns", "fn");

        metrics.Flush();
        metrics.Add("Failures", 1, MetricUnit.Count);
        metrics.Flush();
        metrics.Flush();

        Assert.Single(sink.Lines);
    }

    [Fact]
    public void More_than_100_values_of_one_metric_split_into_documents_without_losing_any()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "ns", "fn");

        for (var i = 0; i < 250; i++)
        {
            metrics.Add("ObjectAgeSeconds", i, MetricUnit.Seconds);
        }

        metrics.Flush();

        var docs = sink.Emf();
        Assert.Equal(3, docs.Count);
        Assert.All(docs, d => Assert.True(d.GetProperty("ObjectAgeSeconds").GetArrayLength() <= 100));
        Assert.Equal(Enumerable.Range(0, 250).Sum(), sink.MetricSum("ObjectAgeSeconds"));
    }

    [Fact]
    public void More_than_100_metric_names_split_into_documents_of_at_most_100()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "ns", "fn");

        for (var i = 0; i < 150; i++)
        {
            metrics.Add($"M{i}", 1, MetricUnit.Count);
        }

        metrics.Flush();

        var declared = sink.Emf().Select(d => d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength()).ToArray();
        Assert.Equal([100, 50], declared);
        Assert.Equal(150, sink.Emf().Sum(d => d.EnumerateObject().Count(p => p.Name.StartsWith('M'))));
    }
}
