using System.Diagnostics;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// The endpoints and dummy credentials of the local stack (infra/local/stack): those of the
/// running stack (<c>stack env</c>), or of one started for this invoke (<c>stack up</c>). The
/// script itself honours LAMBDASUITE_STACK_DIR, which this process passes on.
/// </summary>
internal static class LocalStack
{
    public static Dictionary<string, string> Environment(string script, Action<string> info)
    {
        if (!File.Exists(script))
        {
            throw new UsageException($"local stack script {script} does not exist (use --no-stack to invoke without AWS endpoints)");
        }

        var (exit, output, errors) = FunctionBuild.Run(new ProcessStartInfo("bash", [script, "env"]));
        if (exit == 0 && ParseExports(output) is { Count: > 0 } running)
        {
            return running;
        }

        info("local stack is not running; starting it with `stack up`");
        (exit, output, errors) = FunctionBuild.Run(new ProcessStartInfo("bash", [script, "up"]));
        if (exit == 0 && ParseExports(output) is { Count: > 0 } started)
        {
            return started;
        }

        Console.Error.Write(errors);
        throw new UsageException($"`{script} up` exited {exit} without export lines; cannot invoke against the local stack");
    }

    /// <summary>Reads <c>export NAME=value</c> lines (value optionally quoted).</summary>
    internal static Dictionary<string, string> ParseExports(string output)
    {
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("export ", StringComparison.Ordinal) && line["export ".Length..].Split('=', 2) is [var name, var value] && name.Length > 0)
            {
                exports[name.Trim()] = value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0] ? value[1..^1] : value;
            }
        }

        return exports;
    }
}
