using System.Collections;
using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// The environment a function sees: local stack endpoints, then the template's (and --env-vars')
/// variables, then what the Lambda runtime itself sets, which a template cannot override.
/// </summary>
internal static class RuntimeEnvironment
{
    private static readonly string[] Reserved =
    [
        "_HANDLER", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    /// <summary>Host variables the process itself needs; everything else of the caller's shell is removed.</summary>
    private static readonly string[] KeptFromHost = ["PATH", "LANG", "LC_ALL", "TMPDIR"];

    public static Dictionary<string, string> Build(
        FunctionDefinition function,
        IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, string> stack,
        string defaultRegion,
        string taskRoot,
        Action<string> warn)
    {
        var env = new Dictionary<string, string>(stack, StringComparer.Ordinal);
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

        env["_HANDLER"] = function.Handler;
        env["AWS_EXECUTION_ENV"] = "AWS_Lambda_dotnet10";
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

    /// <summary>
    /// Replaces this process's environment. The tool is its own process, started per invoke, so
    /// nothing leaks back to the caller; removing the caller's variables (AWS_PROFILE, a stray
    /// LOG_LEVEL) keeps the run as isolated as sam's container.
    /// </summary>
    public static void Apply(IReadOnlyDictionary<string, string> env)
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!KeptFromHost.Contains(name, StringComparer.Ordinal) && !name.StartsWith("DOTNET_", StringComparison.Ordinal))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        foreach (var (name, value) in env)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
