using System.Text.Json.Serialization;

namespace LambdaSuite.Common.Tests.Fixtures;

/// <summary>A source-generated context for a response value in the HandlerOutput tests.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
