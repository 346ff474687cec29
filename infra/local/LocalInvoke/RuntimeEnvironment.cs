using System.Collections;
using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// The environment a function's bootstrap starts with: a few host variables, local stack endpoints,
/// then the template's (and --env-vars') variables, then what Lambda sets for an OS-only runtime,
/// which a template cannot override. Nothing else of the caller's shell (AWS_PROFILE, a stray
/// LOG_LEVEL) reaches the function, as in sam's container.
/// </summary>
internal static class RuntimeEnvironment
{
    private static readonly string[] Reserved =
    [
        "_HANDLER", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_RUNTIME_API",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    /// <summary>Host variables a process needs (DOTNET_* too, for the JIT mode); the rest of the caller's shell is left out.</summary>
    private static readonly string[] KeptFromHost = ["PATH", "LANG", "LC_ALL", "TMPDIR"];

    public static Dictionary<string, string> Build(
        FunctionDefinition function,
        IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, string> stack,
        string defaultRegion,
        string taskRoot,
        Action<string> warn)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (KeptFromHost.Contains(name, StringComparer.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal))
            {
                env[name] = (string?)entry.Value ?? string.Empty;
            }
        }

        foreach (var (name, value) in stack)
        {
            env[name] = value;
        }

        foreach (var (name, value) in variables)
        {
            if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                warn($"{function.LogicalId} declares {name}, which Lambda reserves; the runtime's value is used");
                continue;
            }

            env[name] = value;
        }

        var region = stack.GetValueOrDefault("AWS_REGION") ?? defaultRegion;
        env["AWS_REGION"] = region;
        env["AWS_DEFAULT_REGION"] = region;
        // Lambda always hands the function credentials; dummy ones keep the SDK off IMDS probing.
        env["AWS_ACCESS_KEY_ID"] = stack.GetValueOrDefault("AWS_ACCESS_KEY_ID") ?? "test";
        env["AWS_SECRET_ACCESS_KEY"] = stack.GetValueOrDefault("AWS_SECRET_ACCESS_KEY") ?? "test";
        if (stack.TryGetValue("AWS_SESSION_TOKEN", out var token))
        {
            env["AWS_SESSION_TOKEN"] = token;
        }

        // An OS-only runtime (provided.*) gets no AWS_EXECUTION_ENV.
        env["_HANDLER"] = function.Handler;
        env["AWS_LAMBDA_FUNCTION_NAME"] = function.LogicalId;
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(CultureInfo.InvariantCulture);
        env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.LogicalId;
        env["AWS_LAMBDA_LOG_STREAM_NAME"] = DateTime.UtcNow.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + "/[$LATEST]local";
        env["LAMBDA_TASK_ROOT"] = taskRoot;
        env["TZ"] = ":UTC";
        return env;
    }
}

/// <summary>A function resolved from the template, built, and given its environment: what an execution environment starts.</summary>
internal sealed record LocalFunction(FunctionDefinition Definition, Bootstrap Bootstrap, IReadOnlyDictionary<string, string> Environment, string Arn)
{
    public static LocalFunction Create(
        FunctionDefinition definition,
        IReadOnlyDictionary<string, string> variables,
        Intrinsics intrinsics,
        Bootstrap bootstrap,
        IReadOnlyDictionary<string, string> stack,
        Action<string> warn)
    {
        var environment = RuntimeEnvironment.Build(definition, variables, stack, intrinsics.Region, bootstrap.TaskRoot, warn);
        var arn = $"arn:{intrinsics.Partition}:lambda:{environment["AWS_REGION"]}:{intrinsics.AccountId}:function:{definition.LogicalId}";
        return new LocalFunction(definition, bootstrap, environment, arn);
    }
}
