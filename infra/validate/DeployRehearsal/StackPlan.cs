using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.LocalInvoke;

namespace LambdaSuite.DeployRehearsal;

/// <summary>Where a stack is deployed: what CloudFormation fills into the pseudo parameters.</summary>
internal sealed record Placement(string Partition, string Region, string Account);

/// <summary>What a stack is planned from.</summary>
/// <param name="Template">The CloudFormation template (SAM already transformed).</param>
/// <param name="Path">Where it was read from: a nested stack's TemplateURL is relative to it.</param>
/// <param name="Known">Names and ARNs given beforehand (logical id or "Id.Attribute" → value), e.g. resources outside any model.</param>
/// <param name="ExecutionRoleArn">The role CloudFormation uses, which it passes on to nested stacks.</param>
internal sealed record StackInput(
    JsonObject Template,
    string Path,
    IReadOnlyDictionary<string, string> Parameters,
    string StackName,
    Placement Placement,
    ResourceModel Model,
    HandlerFacts Facts,
    string ExecutionRoleArn,
    IReadOnlyDictionary<string, string>? Known = null);

/// <summary>A resource of a planned stack: its name, id and ARN as CloudFormation would give them, and its tags.</summary>
internal sealed class PlannedResource(string logicalId, string type, StackPlan stack)
{
    public string LogicalId => logicalId;
    public string Type => type;
    public StackPlan Stack => stack;
    public string? Name { get; set; }
    public string? Id { get; set; }
    public string? Arn { get; set; }

    /// <summary>The tags it carries: its own (the schema's tag property) and, when its schema says so, CloudFormation's system tags.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Stack.Parent is null ? LogicalId : $"{LogicalId} (nested stack {Stack.Name})";
}

/// <summary>
/// A stack as CloudFormation would create it for one set of parameter values: the resources whose
/// conditions hold (with those of nested stacks), each with the name CloudFormation gives it (its name
/// property, else <see cref="GeneratedNames"/>), its ARN and its tags, and its properties with every
/// intrinsic function evaluated (by local invoke's <see cref="Intrinsics"/>, fed these names and ARNs).
/// Whatever cannot be evaluated is a problem, not a guess.
/// </summary>
internal sealed partial class StackPlan
{
    private readonly StackInput _input;
    private readonly TemplateDocument _document;
    private readonly Dictionary<string, string> _names;
    private readonly Intrinsics _intrinsics;
    private readonly List<PlannedResource> _resources = [];
    private readonly List<StackPlan> _nested = [];
    private readonly Dictionary<PlannedResource, JsonObject> _properties = [];
    private readonly List<string> _problems;
    private bool _planned;

    private StackPlan(StackInput input, StackPlan? parent, List<string> problems)
    {
        _input = input;
        Parent = parent;
        _problems = problems;
        _document = new TemplateDocument(input.Template, input.Path);
        var parameters = _document.ParameterValues(input.Parameters, w => problems.Add($"{input.StackName}: {w}"));
        _names = new Dictionary<string, string>(input.Known ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["AWS::Partition"] = input.Placement.Partition,
            ["AWS::Region"] = input.Placement.Region,
            ["AWS::AccountId"] = input.Placement.Account,
            ["AWS::StackName"] = input.StackName,
            ["AWS::StackId"] = StackId,
            ["AWS::URLSuffix"] = input.Placement.Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
        };
        _intrinsics = new Intrinsics(_document, parameters, _names, w => problems.Add($"{input.StackName}: {w}"));
    }

    public string Name => _input.StackName;
    public string StackId => $"arn:{_input.Placement.Partition}:cloudformation:{_input.Placement.Region}:{_input.Placement.Account}:stack/{Name}/00000000-0000-4000-a000-000000000000";
    public StackPlan? Parent { get; }
    public StackInput Input => _input;
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>This stack's resources and those of its nested stacks.</summary>
    public IEnumerable<PlannedResource> AllResources => _resources.Concat(_nested.SelectMany(n => n.AllResources));

    public PlannedResource? Resource(string logicalId) => _resources.Find(r => r.LogicalId == logicalId);

    public static StackPlan Create(StackInput input) => Create(input, null, []);

    private static StackPlan Create(StackInput input, StackPlan? parent, List<string> problems)
    {
        var plan = new StackPlan(input, parent, problems);
        plan.PlanResources();
        plan._planned = true;
        return plan;
    }

    /// <summary>A property's values, every intrinsic evaluated; a path steps into lists ("Targets.RoleArn").</summary>
    public List<JsonNode> Values(PlannedResource resource, string path)
    {
        // While planning, only the property asked for is evaluated: the others may name resources
        // whose names and ARNs are not known yet.
        var steps = path.Split('.');
        IEnumerable<JsonNode?> nodes = [_planned
            ? Properties(resource)[steps[0]]
            : _intrinsics.Resolve(RawProperty(resource, steps[0]), $"{Name}.{resource.LogicalId}.{steps[0]}")];
        foreach (var step in steps.Skip(1))
        {
            nodes = nodes.SelectMany(n => n is JsonArray list ? (IEnumerable<JsonNode?>)list : [n]).Select(n => (n as JsonObject)?[step]);
        }

        return [.. nodes.SelectMany(n => n is JsonArray list ? (IEnumerable<JsonNode?>)list : [n]).OfType<JsonNode>()];
    }

    public List<string> Texts(PlannedResource resource, string path) => [.. Values(resource, path).Select(Intrinsics.Text)];

    /// <summary>The ARNs a property names: a resource of this stack by its name, id, URL or ARN, or an ARN written out.</summary>
    public List<(string Arn, PlannedResource? Target)> Arns(PlannedResource resource, string path)
    {
        var result = new List<(string, PlannedResource?)>();
        foreach (var text in Texts(resource, path))
        {
            var target = _resources.Find(r => r.Arn is not null && (r.Arn == text || RefValue(r) == text));
            if (target is not null)
            {
                result.Add((target.Arn!, target));
            }
            else if (text.StartsWith("arn:", StringComparison.Ordinal))
            {
                result.Add((text, null));
            }
            else
            {
                _problems.Add($"{resource}.{path}: cannot tell which ARN '{text}' stands for");
            }
        }

        return result;
    }

    /// <summary>
    /// A pattern of the model with this resource's values: {partition} {region} {account} {name} {id}
    /// {arn} {url} {n} {executionRole}, {Property.Path} and {Property/} (its value and a slash, or nothing).
    /// </summary>
    public string Render(string pattern, PlannedResource resource, int n = 0) => Token().Replace(pattern, m => m.Groups[1].Value switch
    {
        "partition" => _input.Placement.Partition,
        "region" => _input.Placement.Region,
        "account" => _input.Placement.Account,
        "name" => resource.Name ?? Missing(resource, "name"),
        "id" => resource.Id ?? Missing(resource, "id"),
        "arn" => resource.Arn ?? Missing(resource, "arn"),
        "url" => Model(resource)?.Url is { } url ? Render(url, resource) : Missing(resource, "url"),
        "n" => n.ToString(CultureInfo.InvariantCulture),
        "executionRole" => _input.ExecutionRoleArn,
        var optional when optional.EndsWith('/') => Texts(resource, optional[..^1]) is [var value, ..] && LastSegment(value).Trim('/') is { Length: > 0 } part ? part + "/" : string.Empty,
        var property => Texts(resource, property) is [var value, ..] ? value : Missing(resource, property),
    });

    public TypeModel? Model(PlannedResource resource) => _input.Model.Types.GetValueOrDefault(resource.Type);

    private JsonObject Properties(PlannedResource resource)
    {
        if (!_properties.TryGetValue(resource, out var properties))
        {
            properties = _intrinsics.Resolve(_document.Resource(resource.LogicalId)!["Properties"], $"{Name}.{resource.LogicalId}.Properties") as JsonObject ?? [];
            _properties[resource] = properties;
        }

        return properties;
    }

    private void PlanResources()
    {
        foreach (var (logicalId, definition) in _document.Section("Resources"))
        {
            if ((definition as JsonObject)?["Condition"] is JsonValue condition && !_intrinsics.Condition(condition.ToString(), $"{Name}.{logicalId}"))
            {
                continue;
            }

            _resources.Add(new PlannedResource(logicalId, (string)definition!["Type"]!, this));
        }

        // In dependency order: names (generated, then written out, which may use generated ones), the
        // Ref values that are names or ids, the ARNs (which may use those), then what needs the ARNs.
        var modelled = _resources.Where(r => Model(r) is not null).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in modelled)
        {
            var model = Model(resource)!;
            var n = counts[resource.Type] = counts.GetValueOrDefault(resource.Type) + 1;
            resource.Id = model.Id is { } id ? Render(id, resource, n) : null;
            if (model.NameProperty is null || RawProperty(resource, model.NameProperty) is null)
            {
                var generated = GeneratedNames.For(Name, resource.LogicalId, model.NameMaxLength, GeneratedNames.SuffixFor(resource.LogicalId));
                resource.Name = model.Lowercase ? generated.ToLowerInvariant() : generated;
            }
        }

        foreach (var resource in modelled.Where(r => r.Name is null && Model(r)!.NameProperty is not null))
        {
            var property = Model(resource)!.NameProperty!;
            resource.Name = _intrinsics.ResolveString(RawProperty(resource, property), $"{Name}.{resource.LogicalId}.{property}");
        }

        foreach (var resource in modelled.Where(r => Model(r)!.Ref != "arn"))
        {
            AddName(resource.LogicalId, RefValue(resource));
        }

        foreach (var resource in modelled)
        {
            var model = Model(resource)!;
            resource.Arn = model.Arn is { } arn && (resource.Name is not null || !arn.Contains("{name}", StringComparison.Ordinal)) ? Render(arn, resource) : null;
        }

        foreach (var resource in modelled)
        {
            AddName(resource.LogicalId, RefValue(resource));
            foreach (var (attribute, pattern) in Model(resource)!.Attributes)
            {
                AddName($"{resource.LogicalId}.{attribute}", Render(pattern, resource));
            }
        }

        foreach (var resource in _resources)
        {
            Tag(resource);
            if (resource.Type == "AWS::CloudFormation::Stack")
            {
                PlanNested(resource);
            }
        }
    }

    private JsonNode? RawProperty(PlannedResource resource, string property) => _document.Resource(resource.LogicalId)!["Properties"]?[property];

    // Names given beforehand win.
    private void AddName(string key, string? value)
    {
        if (value is not null && _input.Known?.ContainsKey(key) != true)
        {
            _names[key] = value;
        }
    }

    private string? RefValue(PlannedResource resource) => Model(resource)?.Ref switch
    {
        "arn" => resource.Arn,
        "id" => resource.Id,
        "url" => Model(resource)!.Url is { } url && resource.Name is not null ? Render(url, resource) : null,
        _ => resource.Name,
    };

    private void Tag(PlannedResource resource)
    {
        if (!_input.Facts.Types.TryGetValue(resource.Type, out var facts))
        {
            return;
        }

        // A list of Key/Value pairs, or a map (UserPoolTags).
        var tags = facts.TagProperty is { } property ? _intrinsics.Resolve(RawProperty(resource, property), $"{Name}.{resource.LogicalId}.{property}") : null;
        var pairs = tags switch
        {
            JsonArray list => list.Select(t => (Intrinsics.Text(t!["Key"]), Intrinsics.Text(t["Value"]))),
            JsonObject map => map.Select(t => (t.Key, Intrinsics.Text(t.Value))),
            _ => [],
        };
        foreach (var (key, value) in pairs)
        {
            resource.Tags[key] = value;
        }

        if (facts.SystemTags)
        {
            resource.Tags["aws:cloudformation:stack-name"] = Name;
            resource.Tags["aws:cloudformation:stack-id"] = StackId;
            resource.Tags["aws:cloudformation:logical-id"] = resource.LogicalId;
        }
    }

    private void PlanNested(PlannedResource stack)
    {
        var url = Texts(stack, "TemplateURL").FirstOrDefault();
        var path = url is null ? null : System.IO.Path.Combine(_document.Directory, url);
        if (path is null || !File.Exists(path))
        {
            _problems.Add($"{stack}: TemplateURL '{url}' is not a template file of the repository");
            return;
        }

        var template = CfnYaml.LoadFile(path);
        if (template["Transform"] is not null)
        {
            _problems.Add($"{stack}: the nested template {url} has a Transform, which the rehearsal does not apply");
            return;
        }

        var parameters = (Values(stack, "Parameters").FirstOrDefault() as JsonObject ?? []).ToDictionary(p => p.Key, p => Intrinsics.Text(p.Value), StringComparer.Ordinal);
        var nested = Create(_input with { Template = template, Path = path, Parameters = parameters, StackName = stack.Name!, Known = null }, this, _problems);
        _nested.Add(nested);
        foreach (var (name, value) in nested.Outputs())
        {
            AddName($"{stack.LogicalId}.Outputs.{name}", value);
        }
    }

    /// <summary>The stack's outputs whose conditions hold, evaluated (what a parent reads as "Id.Outputs.Name").</summary>
    public Dictionary<string, string> Outputs() => _document.Section("Outputs")
        .Where(o => (o.Value as JsonObject)?["Condition"] is not JsonValue condition || _intrinsics.Condition(condition.ToString(), $"{Name}.Outputs.{o.Key}"))
        .ToDictionary(o => o.Key, o => _intrinsics.ResolveString(o.Value!["Value"], $"{Name}.Outputs.{o.Key}") ?? string.Empty, StringComparer.Ordinal);

    private string Missing(PlannedResource resource, string what)
    {
        _problems.Add($"{resource}: no {what} to put into its ARN");
        return $"<no {what}>";
    }

    // A bus or rule may be named by its ARN; an ARN's pattern wants the name at its end.
    private static string LastSegment(string value) => value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Token();
}
