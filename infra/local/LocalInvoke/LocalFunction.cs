using System.Collections;
using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>A function resolved from the template, built, and given its environment: what an execution environment starts.</summary>
internal sealed record LocalFunction(FunctionDefinition Definition, Bootstrap Bootstrap, IReadOnlyDictionary<string, string> Environment, string Arn)
{
    private static readonly string[] Reserved =
    [
        "_HANDLER", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_RUNTIME_API",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    /// <summary>Host variables a process needs (and DOTNET_*, for the JIT mode).</summary>
    private static readonly string[] KeptFromHost = ["PATH", "LANG", "LC_ALL", "TMPDIR"];

    /// <summary>
    /// The bootstrap's environment: a few host variables, the local stack's endpoints, then the
    /// template's (and --env-vars') variables, then what Lambda sets for an OS-only runtime, which a
    /// template cannot override. Nothing else of the caller's shell (AWS_PROFILE, a stray LOG_LEVEL)
    /// reaches the function, as in sam's container.
    /// </summary>
    public static LocalFunction Create(
        FunctionDefinition function, IReadOnlyDictionary<string, string> variables, Intrinsics intrinsics, Bootstrap bootstrap, IReadOnlyDictionary<string, string> stack, Action<string> warn)
    {
        var env = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => KeptFromHost.Contains((string)e.Key, StringComparer.Ordinal) || ((string)e.Key).StartsWith("DOTNET_", StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        foreach (var (name, value) in stack)
        {
            env[name] = value;
        }

        foreach (var (name, value) in variables)
        {
            if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                warn($"{function.LogicalId} declares {name}, which Lambda reserves; the runtime's value is used");
            }
            else
            {
                env[name] = value;
            }
        }

        var region = stack.GetValueOrDefault("AWS_REGION") ?? intrinsics.Region;
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = region;
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
        env["LAMBDA_TASK_ROOT"] = bootstrap.TaskRoot;
        env["TZ"] = ":UTC";
        return new LocalFunction(function, bootstrap, env, $"arn:{intrinsics.Partition}:lambda:{region}:{intrinsics.AccountId}:function:{function.LogicalId}");
    }
}
