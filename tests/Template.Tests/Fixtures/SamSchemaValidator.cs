using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// Validates a template against the published SAM JSON Schema (../shared/schemas/sam.schema.json).
/// The schema matches each resource against an anyOf of every resource type, so one real error
/// arrives as one failure per type; we report only the branch of the resource's declared Type.
/// </summary>
internal sealed class SamSchemaValidator
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(LambdaSuite.TestSupport.RepositoryPaths.Shared("schemas", "sam.schema.json")).GetAwaiter().GetResult());

    public static IReadOnlyList<string> Validate(JsonObject template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = Schema.Value.Validate(template.ToJsonString());
        return [.. errors.SelectMany(Describe).Distinct()];
    }

    private static IEnumerable<string> Describe(ValidationError error)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            // Branches that reject the declared Type belong to other resource types.
            var own = child.Errors.Values.Where(branch => !branch.Any(e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Path?.EndsWith(".Type", StringComparison.Ordinal) == true)).ToList();
            var chosen = own.Count > 0 ? own.OrderBy(b => b.Count).First() : child.Errors.Values.OrderBy(b => b.Count).First();
            return chosen.SelectMany(Describe);
        }

        return [$"{error.Kind}: {error.Path}"];
    }
}
