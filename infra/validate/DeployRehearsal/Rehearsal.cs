using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>What one rehearsal found: one line per finding, every request it allowed, and counts.</summary>
internal sealed record RehearsalReport(IReadOnlyList<string> Findings, IReadOnlyList<string> Allowed, int Resources, int Checked, int Refused, int NotActions)
{
    /// <summary>What the stack's dashboard holds, for the summary line.</summary>
    public string Dashboards { get; init; } = string.Empty;

    /// <summary>Other services' handler actions no property of the resource needs, one line each ("not needed: ... unset").</summary>
    public IReadOnlyList<string> NotNeeded { get; init; } = [];
}

/// <summary>
/// Checks a policy (the execution role's) against everything CloudFormation's resource handlers do
/// for the resources of a planned stack: for each resource, handler (create, update, delete) and
/// action the handler lists (and the actions AWS documents beyond the list, resource-model.json's
/// beyondHandlers), the request IAM would see — the action, the ARN the resource actually has (or
/// "*" for an action without a resource type, or the resource the type's actions act on), and the
/// condition keys it carries (tags, the permissions boundary, the function an event source mapping
/// feeds, an alarm's actions, ...) — must be allowed. Actions of the type's own service always
/// count; another service's only while a property needs them (<see cref="NeedRule"/>), and each
/// such action must have a need rule or a neverNeeded entry, so none is skipped unexplained.
/// Actions refused on purpose must stay refused. A condition on CloudFormation's system tags is
/// refused for types that get none.
/// </summary>
internal sealed class Rehearsal(HandlerFacts facts, ResourceModel model)
{
    private const string SystemTagPrefix = "aws:cloudformation:";

    public RehearsalReport Check(StackPlan stack, IReadOnlyList<JsonNode?> policy)
    {
        var findings = new List<string>();
        var allowedRequests = new List<string>();
        var notNeeded = new List<string>();
        var (checkedCount, refused, notActions) = (0, 0, 0);
        var resources = stack.AllResources.ToList();
        foreach (var resource in resources)
        {
            if (!facts.Types.TryGetValue(resource.Type, out var typeFacts))
            {
                findings.Add($"no handler facts: {resource.Type} ({resource}); add the type with infra/validate/handler-facts");
                continue;
            }

            if (model.Types.GetValueOrDefault(resource.Type) is not { } typeModel)
            {
                findings.Add($"no resource model: {resource.Type} ({resource}); add the type to infra/validate/resource-model.json");
                continue;
            }

            foreach (var handler in HandlerFacts.HandlerNames)
            {
                foreach (var action in Actions(resource, typeFacts, typeModel, handler))
                {
                    if (facts.IsNotAnAction(action))
                    {
                        notActions++;
                        continue;
                    }

                    if (!IsOwn(typeModel, action))
                    {
                        if (!IsModelled(typeModel, action))
                        {
                            findings.Add($"unmodelled: {resource.Type} {action} ({handler} handler): another service's action with neither a need rule nor a neverNeeded entry in infra/validate/resource-model.json");
                            continue;
                        }

                        if (Unneeded(resource, typeModel, action) is { } why)
                        {
                            notNeeded.Add($"not needed: {resource.Type} {action} ({handler} handler) for {resource}: {why}");
                            continue;
                        }
                    }

                    var refusal = model.Refused.GetValueOrDefault(action);
                    var needed = refusal is null || Lifts(refusal, resource);
                    foreach (var (arn, context) in Requests(resource, typeModel, handler, action))
                    {
                        var allowed = PolicyEvaluation.Allows(policy, action, arn, context);
                        if (!needed)
                        {
                            refused += allowed ? 0 : 1;
                            if (allowed)
                            {
                                findings.Add($"allowed although refused: {resource.Type} {action} ({handler} handler) on {arn} for {resource}: {refusal!.Reason}");
                            }

                            continue;
                        }

                        checkedCount++;
                        allowedRequests.AddRange(allowed ? [$"allowed: {resource.Type} {action} ({handler} handler) on {arn} for {resource}{Describe(context)}"] : []);
                        if (!allowed)
                        {
                            var because = refusal is null ? string.Empty : $", needed because {refusal.UnlessProperty} is set";
                            findings.Add($"missing: {resource.Type} {action} ({handler} handler) on {arn} for {resource}{because}");
                        }
                    }
                }
            }
        }

        findings.AddRange(SystemTagConditions(resources, policy));
        findings.InsertRange(0, stack.Problems.Distinct().Select(p => $"cannot plan: {p}"));
        return new RehearsalReport([.. findings.Distinct()], allowedRequests, resources.Count, checkedCount, refused, notActions) { NotNeeded = [.. notNeeded.Distinct()] };
    }

    /// <summary>
    /// Every other service's action in the handler facts of a modelled type that has neither a need
    /// rule nor a neverNeeded entry ("AWS::X::Y action"): the rehearsal would report it for a stack using the type.
    /// </summary>
    public static IEnumerable<string> Unmodelled(HandlerFacts facts, ResourceModel model)
        => facts.Types.Where(t => model.Types.ContainsKey(t.Key))
            .SelectMany(t => t.Value.Handlers.Values.SelectMany(a => a).Distinct()
                .Where(a => !facts.IsNotAnAction(a) && !IsOwn(model.Types[t.Key], a) && !IsModelled(model.Types[t.Key], a))
                .Select(a => $"{t.Key} {a}"))
            .Order(StringComparer.Ordinal);

    private static bool IsOwn(TypeModel typeModel, string action) => action.StartsWith(typeModel.Service + ":", StringComparison.OrdinalIgnoreCase);

    private static bool IsModelled(TypeModel typeModel, string action)
        => typeModel.NeverNeeded.ContainsKey(action) || typeModel.Needs.Any(n => n.Actions.Contains(action, StringComparer.OrdinalIgnoreCase));

    /// <summary>The handler's listed actions and those AWS documents beyond the list while their property is set.</summary>
    private static IEnumerable<string> Actions(PlannedResource resource, TypeFacts typeFacts, TypeModel typeModel, string handler)
        => typeFacts.Handlers[handler].Concat(typeModel.Beyond
                .Where(b => b.Handlers.Contains(handler) && resource.Stack.Values(resource, b.Property).Count > 0)
                .SelectMany(b => b.Actions))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why another service's action is not needed for this resource, or null when a property needs it.</summary>
    private static string? Unneeded(PlannedResource resource, TypeModel typeModel, string action)
    {
        var rules = typeModel.Needs.Where(n => n.Actions.Contains(action, StringComparer.OrdinalIgnoreCase)).ToList();
        if (rules.Any(n => n.Properties.Any(p => resource.Stack.Values(resource, p).Count > 0)))
        {
            return null;
        }

        return typeModel.NeverNeeded.TryGetValue(action, out var reason)
            ? $"never needed: {reason}"
            : $"property {string.Join(" or ", rules.SelectMany(n => n.Properties).Distinct())} unset";
    }

    /// <summary>The requests one handler action makes for a resource.</summary>
    private List<(string Arn, Dictionary<string, IReadOnlyList<string>> Context)> Requests(PlannedResource resource, TypeModel typeModel, string handler, string action)
    {
        var stack = resource.Stack;
        var requests = new List<(string, Dictionary<string, IReadOnlyList<string>>)>();
        if (IsOwn(typeModel, action))
        {
            var targets = facts.IsResourceless(action) ? [("*", null)]
                : typeModel.ActionsOn is { } property ? stack.Arns(resource, property)
                : resource.Arn is { } own ? [(own, resource)]
                : [];
            foreach (var (arn, target) in targets)
            {
                requests.Add((arn, OwnContext(resource, typeModel, handler, action, target, resourceless: arn == "*")));
            }

            return requests;
        }

        foreach (var need in typeModel.Needs.Where(n => n.Actions.Contains(action, StringComparer.OrdinalIgnoreCase)))
        {
            if (need.Properties.FirstOrDefault(p => stack.Values(resource, p).Count > 0) is not { } property)
            {
                continue;
            }

            var arns = need.Resource is null ? stack.Arns(resource, property).Select(a => a.Arn) : [stack.Render(need.Resource, resource)];
            requests.AddRange(arns.Select(arn => (arn, PolicyEvaluation.Multi(need.Context))));
        }

        return requests;
    }

    /// <summary>
    /// Tags as IAM sees them: the creating call, and the create handler's tagging of the resource it
    /// creates (tag-on-create, as Lambda's event source mappings authorize lambda:TagResource), carry
    /// the new resource's tags as aws:RequestTag and no aws:ResourceTag (it has none yet); a later
    /// tagging call carries both, any other call on a resource aws:ResourceTag; plus the keys of the
    /// model's context rules (a key of several properties carries all their values).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> OwnContext(PlannedResource resource, TypeModel typeModel, string handler, string action, PlannedResource? target, bool resourceless)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var creating = handler == "create" && string.Equals(action, typeModel.Creates, StringComparison.OrdinalIgnoreCase) && (resourceless || target == resource);
        var name = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var tagging = name.Contains("Tag", StringComparison.Ordinal) && !name.StartsWith("Untag", StringComparison.Ordinal) && !name.StartsWith("List", StringComparison.Ordinal);
        var tagOnCreate = handler == "create" && tagging && target == resource;
        if (creating || tagging)
        {
            foreach (var (key, value) in (creating ? resource : target ?? resource).Tags)
            {
                context[$"aws:RequestTag/{key}"] = [value];
            }
        }

        if (!creating && !tagOnCreate && !resourceless && target is not null)
        {
            foreach (var (key, value) in target.Tags)
            {
                context[$"aws:ResourceTag/{key}"] = [value];
            }
        }

        foreach (var rule in typeModel.Context.Where(r => r.Actions.Contains(action)))
        {
            foreach (var (key, source) in rule.Keys)
            {
                var values = source.Properties.SelectMany(p => resource.Stack.Texts(resource, p))
                    .Select(text => resource.Stack.AllResources.FirstOrDefault(r => r.Name == text || r.Arn == text || r.Id == text)?.Arn ?? text)
                    .ToList();
                if (values.Count > 0)
                {
                    context[key] = source.MultiValued ? [.. values.Distinct(StringComparer.Ordinal)] : [values[0]];
                }
            }
        }

        return context;
    }

    private static string Describe(Dictionary<string, IReadOnlyList<string>> context)
        => context.Count == 0 ? string.Empty : " with " + string.Join(", ", context.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={string.Join("|", c.Value)}"));

    private static bool Lifts(Refusal refusal, PlannedResource resource)
        => refusal.UnlessProperty?.Split('.', 2) is [var type, var property] && type == resource.Type && resource.Stack.Values(resource, property).Count > 0;

    /// <summary>Statements conditioned on CloudFormation's system tags whose actions reach a type whose schema says it gets none.</summary>
    private IEnumerable<string> SystemTagConditions(List<PlannedResource> resources, IReadOnlyList<JsonNode?> policy)
    {
        var untagged = resources.Select(r => r.Type).Distinct()
            .Where(t => facts.Types.TryGetValue(t, out var f) && !f.SystemTags && model.Types.ContainsKey(t))
            .ToList();
        foreach (var statement in policy.OfType<JsonObject>())
        {
            var keys = PolicyEvaluation.ConditionKeys(statement).Where(k => k.Contains(SystemTagPrefix, StringComparison.Ordinal)).ToList();
            if (keys.Count == 0)
            {
                continue;
            }

            var patterns = PolicyEvaluation.Values(statement["Action"]);
            foreach (var type in untagged)
            {
                var service = model.Types[type].Service + ":";
                var reached = facts.Types[type].Handlers.Values.SelectMany(a => a)
                    .Where(a => a.StartsWith(service, StringComparison.OrdinalIgnoreCase) && patterns.Any(p => PolicyEvaluation.Matches(p, a, ignoreCase: true)))
                    .Distinct().Order(StringComparer.Ordinal).ToList();
                if (reached.Count > 0)
                {
                    yield return $"system tag refused: statement {statement["Sid"]?.ToString() ?? "(no Sid)"} conditions {string.Join(", ", reached)} on {string.Join(", ", keys)}, but {type} gets no CloudFormation system tags (its schema: cloudFormationSystemTags false)";
                }
            }
        }
    }
}
