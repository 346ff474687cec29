using LambdaSuite.Ops;

namespace LambdaSuite.Preflight;

internal sealed class Options
{
    public string? Function { get; private set; }

    public bool Local { get; private set; }

    /// <summary>What goes on to infra/local/invoke: -n FILE and --parameter-overrides K=V ….</summary>
    public List<string> InvokeArguments { get; } = [];

    public bool Json { get; private set; }

    public bool Help { get; private set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        var localOnly = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith('-') ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h" or "--help": o.Help = true; return o;
                case "--function": o.Function = Value(); break;
                case "--local": o.Local = true; break;
                case "--json": o.Json = true; break;
                case "-n" or "--env-vars":
                    localOnly.Add(args[i]);
                    o.InvokeArguments.AddRange(["-n", Value()]);
                    break;
                case "--parameter-overrides":
                    localOnly.Add(args[i]);
                    o.InvokeArguments.AddRange(["--parameter-overrides", Value()]);
                    while (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                    {
                        o.InvokeArguments.Add(args[++i]);
                    }

                    break;
                default: throw new UsageException($"unknown option \"{args[i]}\" (see --help)");
            }
        }

        if ((o.Function is null) == !o.Local)
        {
            throw new UsageException("give exactly one of --function <name|arn> and --local");
        }

        if (localOnly.Count > 0 && !o.Local)
        {
            throw new UsageException($"{localOnly[0]} is an infra/local/invoke option and needs --local");
        }

        return o;
    }
}
