using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

public sealed class TemplateSchemaTests
{
    private static JsonObject LoadTemplate() => CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    [Fact]
    public void Template_validates_against_the_published_SAM_schema()
    {
        var errors = SamSchemaValidator.Validate(LoadTemplate());

        Assert.True(errors.Count == 0, "template.yaml violates the SAM schema:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void An_unknown_function_property_is_reported_for_that_resource()
    {
        var template = LoadTemplate();
        template["Resources"]!["LogShipperFunction"]!["Properties"]!["MemorySizeMb"] = 256;

        var errors = SamSchemaValidator.Validate(template);

        Assert.Contains("NoAdditionalPropertiesAllowed: #/Resources.LogShipperFunction.Properties.MemorySizeMb", errors);
    }

    [Fact]
    public void An_invalid_event_type_is_reported()
    {
        var template = LoadTemplate();
        template["Resources"]!["RemediatorFunction"]!["Properties"]!["Events"] = new JsonObject
        {
            ["Alarm"] = new JsonObject { ["Type"] = "CloudWatchAlarmz", ["Properties"] = new JsonObject() },
        };

        Assert.NotEmpty(SamSchemaValidator.Validate(template));
    }

    [Fact]
    public void Short_form_intrinsics_become_their_json_form()
    {
        var fn = LoadTemplate()["Resources"]!["LogShipperFunction"]!["Properties"]!;

        Assert.Equal("""{"Ref":"LogShipperLogGroup"}""", fn["LoggingConfig"]!["LogGroup"]!.ToJsonString());
    }
}
