using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;

// lambdasuite-rehearse [--list] <transformed template.json>: the deploy rehearsal (infra/validate/rehearse
// runs it in .ci/run). Prints one line per finding and a summary per scenario (--list: also every
// request it allowed, with its ARN and condition keys, and every other service's action no property
// needs, with the property that would); exit 1 when anything is missing, allowed
// against a refusal, cannot be planned, or the dashboard's body is broken; 2 on a usage error.
var list = args.Contains("--list");
if (args.Where(a => a != "--list").ToArray() is not [var transformedPath] || !File.Exists(transformedPath))
{
    Console.Error.WriteLine("usage: lambdasuite-rehearse [--list] <template.yaml transformed to JSON by infra/validate/sam_translate.py --print>");
    return 2;
}

var root = Environment.GetEnvironmentVariable("LAMBDASUITE_ROOT") ?? Directory.GetCurrentDirectory();
var transformed = JsonNode.Parse(File.ReadAllText(transformedPath))!.AsObject();
var results = RehearsalRun.Run(root, transformed);
Console.WriteLine($"rehearse: the execution role of {AccessStack.TemplatePath} for environment {Scenarios.Environment} ({Scenarios.Placement.Region}, account {Scenarios.Placement.Account}) against template.yaml, every optional part on");
var findings = new List<string>();
foreach (var (scenario, report) in results)
{
    foreach (var line in list ? report.Allowed.Concat(report.NotNeeded) : [])
    {
        Console.WriteLine($"{line} [{scenario.Name}]");
    }

    Console.WriteLine($"rehearse: {scenario.Name}: {report.Resources} resources, {report.Checked} handler requests allowed, {report.Refused} refused on purpose, {report.NotActions} listed permissions that are no IAM action (skipped), {report.NotNeeded.Count} other services' actions no property needs; {report.Dashboards}");
    findings.AddRange(report.Findings.Select(f => $"{f} [{scenario.Name}]"));
}

// A finding of every scenario is printed once, without the scenario.
var everywhere = results.Select(r => r.Report.Findings).Aggregate((a, b) => [.. a.Intersect(b)]).ToHashSet();
foreach (var line in everywhere.Order(StringComparer.Ordinal).Concat(findings.Where(f => !everywhere.Contains(f[..f.LastIndexOf(" [", StringComparison.Ordinal)]))))
{
    Console.WriteLine(line);
}

var distinct = everywhere.Count + findings.Count(f => !everywhere.Contains(f[..f.LastIndexOf(" [", StringComparison.Ordinal)]));
Console.WriteLine($"rehearse: {distinct} finding(s) in {results.Count} scenarios");
return distinct == 0 ? 0 : 1;
