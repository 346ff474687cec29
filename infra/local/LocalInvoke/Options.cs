namespace LambdaSuite.LocalInvoke;

/// <summary>The command line, shaped like <c>sam local invoke</c>.</summary>
internal sealed class Options
{
    public const string Usage = """
        Usage: infra/local/invoke <FunctionLogicalId> [options]
        Runs one function of template.yaml like `sam local invoke`, without Docker: its NativeAOT bootstrap against
        a local Lambda Runtime API. Response on stdout; logs, START/END/REPORT and this tool's messages on stderr.
          -e, --event <file|->          event JSON (default: {}); - reads stdin
          -n, --env-vars <file>         SAM --env-vars JSON: {"Parameters": {...}, "<LogicalId>": {...}}
          -t, --template <file>         template (default: template.yaml at the repository root)
          --parameter-overrides K=V ... template parameter values (also ParameterKey=K,ParameterValue=V)
          --resources <file>            logical id -> local name map (default: infra/local/resources.json)
          --no-stack                    no local stack (no AWS endpoints); --stack-script <file>: another stack script
          --force-build                 build the function even if its sources did not change
          --jit                         run the same Main from a `dotnet build` instead of the NativeAOT publish
        Exit codes: 0 success, 1 function error (reported error, timeout, runtime exited), 2 usage, template or
        build problem, 3 init error. Details: infra/local/LocalInvoke/README.md
        """;

    public string FunctionId { get; private set; } = string.Empty;
    public string? EventPath { get; private set; }
    public string? EnvVarsPath { get; private set; }
    public string TemplatePath { get; private set; } = string.Empty;
    public string ResourcesPath { get; private set; } = string.Empty;
    public string StackScript { get; private set; } = string.Empty;
    public Dictionary<string, string> ParameterOverrides { get; } = new(StringComparer.Ordinal);
    public bool NoStack { get; private set; }
    public bool ForceBuild { get; private set; }
    public bool Jit { get; private set; }
    public bool Help { get; private set; }

    /// <param name="root">Repository root: where the defaults live (the wrapper passes it).</param>
    public static Options Parse(IReadOnlyList<string> args, string root)
    {
        var o = new Options
        {
            TemplatePath = Path.Combine(root, "template.yaml"),
            ResourcesPath = Path.Combine(root, "infra", "local", "resources.json"),
            StackScript = Path.Combine(root, "infra", "local", "stack"),
        };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h" or "--help": o.Help = true; break;
                case "-e" or "--event": o.EventPath = Value(); break;
                case "-n" or "--env-vars": o.EnvVarsPath = Value(); break;
                case "-t" or "--template": o.TemplatePath = Value(); break;
                case "--resources": o.ResourcesPath = Value(); break;
                case "--stack-script": o.StackScript = Value(); break;
                case "--no-stack": o.NoStack = true; break;
                case "--force-build": o.ForceBuild = true; break;
                case "--jit": o.Jit = true; break;
                case "--parameter-overrides" when i + 1 < args.Count && !args[i + 1].StartsWith('-'):
                    while (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                    {
                        o.AddOverrides(args[++i]);
                    }

                    break;
                case "--parameter-overrides": throw new UsageException("--parameter-overrides needs Key=Value pairs");
                case var a when a.StartsWith('-') && a != "-": throw new UsageException($"unknown option {a}");
                case var a when o.FunctionId.Length == 0: o.FunctionId = a; break;
                case var a: throw new UsageException($"unexpected argument \"{a}\" (the function is already {o.FunctionId})");
            }
        }

        return o.Help || o.FunctionId.Length > 0 ? o : throw new UsageException("missing the function's logical id");
    }

    private void AddOverrides(string text)
    {
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // sam accepts Key=Value and the CloudFormation form ParameterKey=K,ParameterValue=V.
            var (key, value) = pair.StartsWith("ParameterKey=", StringComparison.Ordinal) && pair.Split(",ParameterValue=", 2) is [var k, var v]
                ? (k["ParameterKey=".Length..], v)
                : pair.Split('=', 2) is [{ Length: > 0 } name, var rest] ? (name, rest) : throw new UsageException($"--parameter-overrides: \"{pair}\" is not Key=Value");
            ParameterOverrides[key] = value;
        }
    }
}
