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

        var (exit, output, _) = Run(script, "env");
        var exports = exit == 0 ? ParseExports(output) : [];
        if (exports.Count > 0)
        {
            return exports;
        }

        info("local stack is not running; starting it with `stack up`");
        (exit, output, var errors) = Run(script, "up");
        exports = exit == 0 ? ParseExports(output) : [];
        if (exports.Count == 0)
        {
            Console.Error.Write(errors);
            throw new UsageException($"`{script} up` exited {exit} without export lines; cannot invoke against the local stack");
        }

        return exports;
    }

    /// <summary>Reads <c>export NAME=value</c> lines (value optionally quoted).</summary>
    internal static Dictionary<string, string> ParseExports(string output)
    {
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("export ", StringComparison.Ordinal))
            {
                continue;
            }

            var assignment = line["export ".Length..].Trim();
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var value = assignment[(eq + 1)..];
                exports[assignment[..eq]] = value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0] ? value[1..^1] : value;
            }
        }

        return exports;
    }

    private static (int Exit, string Output, string Errors) Run(string script, string command) => FunctionBuild.Run("bash", [script, command]);
}
