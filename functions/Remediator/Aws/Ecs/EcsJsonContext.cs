using System.Text.Json.Serialization;
using LambdaSuite.Remediator.Aws.Ecs.Model;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>Source-generated (trim/AOT safe) JSON for the ECS JSON 1.1 wire format: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(DescribeTasksResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
