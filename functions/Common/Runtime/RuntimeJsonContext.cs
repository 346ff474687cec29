using System.Text.Json.Serialization;

namespace LambdaSuite.Common.Runtime;

/// <summary>Source-generated JSON for the error bodies the runtime posts (no reflection: NativeAOT).</summary>
[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
