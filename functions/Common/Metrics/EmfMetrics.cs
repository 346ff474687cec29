using System.Text.Json;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Common.Metrics;

/// <summary>
/// Buffers metric values during an invocation and writes them as one EMF document per flush, with
/// the single dimension <c>FunctionName</c>. CloudWatch turns the line into metrics without any
/// PutMetricData call (no extra latency, no extra IAM). Like a log line, a document written during
/// an invocation carries its <c>requestId</c> and <c>xray_trace_id</c> (the trace id; plain properties, not
/// dimensions), so the metric line is found with the invocation's other lines.
/// </summary>
public sealed class EmfMetrics : IMetrics
{
    // CloudWatch limits: 100 metrics per document and 100 values per metric.
    private const int MaxMetricsPerDocument = 100;
    private const int MaxValuesPerMetric = 100;

    private readonly ILineSink _sink;
    private readonly string _namespace;
    private readonly string _functionName;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (MetricUnit Unit, List<double> Values)> _pending = new(StringComparer.Ordinal);

    public EmfMetrics(ILineSink sink, string metricsNamespace, string functionName, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricsNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        _sink = sink;
        _namespace = metricsNamespace;
        _functionName = functionName;
        _time = time ?? TimeProvider.System;
    }

    public void Add(string name, double value, MetricUnit unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (!_pending.TryGetValue(name, out var entry))
            {
                entry = (unit, new List<double>());
                _pending[name] = entry;
            }

            entry.Values.Add(value);
        }
    }

    public void Flush()
    {
        KeyValuePair<string, (MetricUnit Unit, List<double> Values)>[] snapshot;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            snapshot = [.. _pending];
            _pending.Clear();
        }

        // Split into documents that respect the per-document and per-metric limits.
        var documents = new List<List<(string Name, MetricUnit Unit, List<double> Values)>> { new() };
        foreach (var (name, (unit, values)) in snapshot)
        {
            for (var offset = 0; offset < values.Count; offset += MaxValuesPerMetric)
            {
                var chunk = values.GetRange(offset, Math.Min(MaxValuesPerMetric, values.Count - offset));
                var target = documents.FirstOrDefault(d => d.Count < MaxMetricsPerDocument && d.TrueForAll(m => m.Name != name));
                if (target is null)
                {
                    target = [];
                    documents.Add(target);
                }

                target.Add((name, unit, chunk));
            }
        }

        foreach (var document in documents)
        {
            WriteDocument(document);
        }
    }

    private void WriteDocument(List<(string Name, MetricUnit Unit, List<double> Values)> metrics)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", _time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("FunctionName");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("FunctionName", _functionName);
            if (InvocationScope.Current is { } invocation)
            {
                json.WriteString("requestId", invocation.RequestId);
                if (invocation.Trace.Root is { } traceId)
                {
                    json.WriteString("xray_trace_id", traceId);
                }
            }

            foreach (var (name, _, values) in metrics)
            {
                if (values.Count == 1)
                {
                    json.WriteNumber(name, values[0]);
                }
                else
                {
                    json.WriteStartArray(name);
                    values.ForEach(json.WriteNumberValue);
                    json.WriteEndArray();
                }
            }

            json.WriteEndObject();
        }

        _sink.WriteLine(buffer.WrittenSpan);
    }
}
