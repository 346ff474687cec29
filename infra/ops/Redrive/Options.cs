using LambdaSuite.Ops;

namespace LambdaSuite.Redrive;

internal sealed class Options
{
    public string QueueUrl { get; private set; } = string.Empty;

    public string? Function { get; private set; }

    public string? LocalFunction { get; private set; }

    public List<string> InvokeArguments { get; } = [];

    public bool Apply { get; private set; }

    public int Max { get; private set; } = int.MaxValue;

    public bool Help { get; private set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h" or "--help": o.Help = true; return o;
                case "--queue-url": o.QueueUrl = Value(); break;
                case "--function": o.Function = Value(); break;
                case "--local": o.LocalFunction = Value(); break;
                case "--apply": o.Apply = true; break;
                case "--max":
                    var text = Value();
                    o.Max = int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var max) && max > 0 ? max : throw new UsageException($"--max \"{text}\" is invalid: expected a positive number");
                    break;
                case "--": o.InvokeArguments.AddRange(args.Skip(i + 1)); i = args.Count; break;
                default: throw new UsageException($"unknown option \"{args[i]}\" (see --help)");
            }
        }

        if (!Uri.TryCreate(o.QueueUrl, UriKind.Absolute, out _))
        {
            throw new UsageException("--queue-url is required: expected the queue's URL");
        }

        if ((o.Function is null) == (o.LocalFunction is null))
        {
            throw new UsageException("give exactly one of --function <name|arn> and --local <LogicalId>");
        }

        if (o.InvokeArguments.Count > 0 && o.LocalFunction is null)
        {
            throw new UsageException("options after -- are for infra/local/invoke and need --local");
        }

        return o;
    }
}
