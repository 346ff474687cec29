using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Source-generated (trim/AOT safe) JSON for the ECS JSON 1.1 wire format: camelCase, nulls omitted,
/// times as epoch seconds (<see cref="EpochSecondsConverter"/>, the only <c>DateTimeOffset?</c> being
/// <see cref="Model.EcsTask.StartedAt"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(DescribeTasksResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;

/// <summary>JSON 1.1 services encode timestamps as epoch seconds with a fractional part.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
            JsonTokenType.String when reader.TryGetDateTimeOffset(out var value) => value,
            _ => throw new JsonException($"expected epoch seconds, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue(v.ToUnixTimeMilliseconds() / 1000.0);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
