using LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalInvoke;

/// <summary>In-process: what local invoke makes of a template (no build, no process).</summary>
public sealed class TemplateResolutionTests
{
    private readonly List<string> _warnings = [];

    [Fact]
    public void Globals_environment_merges_key_wise_and_the_function_wins()
    {
        var env = Resolve("EnvFunction");
        var echo = Resolve("EchoFunction");

        Assert.Equal("from-globals", env.Variables["GLOBAL_ONLY"]);
        Assert.Equal("from-function", env.Variables["OVERRIDDEN"]);
        Assert.Equal("from-globals", echo.Variables["OVERRIDDEN"]);
        Assert.Equal(256, env.MemorySize);     // function's own
        Assert.Equal(512, echo.MemorySize);    // Globals
        Assert.Equal(10, env.TimeoutSeconds);  // Globals
        Assert.Equal(Path.GetFullPath(RepositoryPaths.Combine("tests", "LocalInvoke.IntegrationTests", "Fixtures", "EchoFunction")), env.CodeDirectory);
    }

    [Fact]
    public void Parameter_defaults_apply_unless_overridden_and_conditions_follow_them()
    {
        var defaults = Resolve("EnvFunction").Variables;
        var prod = Resolve("EnvFunction", new() { ["Stage"] = "prod", ["LogLevel"] = "DEBUG" }).Variables;

        Assert.Equal(("dev", "INFO", "other-value", "yes", "no", "1"), (defaults["STAGE"], defaults["LOG_LEVEL"], defaults["IF_PROD"], defaults["NOT_PROD"], defaults["OR_COND"], defaults["RETRIES"]));
        Assert.Equal(("prod", "DEBUG", "prod-value", "no", "yes", "5"), (prod["STAGE"], prod["LOG_LEVEL"], prod["IF_PROD"], prod["NOT_PROD"], prod["OR_COND"], prod["RETRIES"]));
        Assert.Equal("a|prod|y", prod["JOINED"]);
    }

    [Fact]
    public void Ref_and_GetAtt_of_a_resource_use_its_local_name_from_resources_json()
    {
        var v = Resolve("EnvFunction").Variables;

        Assert.Equal("lambdasuite-users", v["TABLE"]);
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/lambdasuite-users", v["TABLE_ARN"]);
        Assert.Equal("arn:aws:s3:::lambdasuite-access-logs", v["BUCKET_ARN"]);
        Assert.Equal("us-east-1/000000000000/lambdasuite-users/dev/${Literal}", v["SUB"]);
        Assert.Equal("dev-lambdasuite-local", v["SUB_WITH_MAP"]);
        Assert.Equal("subnet-a;subnet-b", v["SUBNETS"]);
        Assert.Equal("EnvFunction", v["SELF_NAME"]);
    }

    [Fact]
    public void Unresolvable_values_become_empty_with_a_warning_naming_the_variable()
    {
        var v = Resolve("EnvFunction").Variables;

        Assert.Equal(string.Empty, v["IMPORTED"]);
        Assert.Equal(string.Empty, v["NO_DEFAULT"]);
        Assert.False(v.ContainsKey("DROPPED")); // !Ref AWS::NoValue removes the variable
        Assert.Contains(_warnings, w => w.Contains("IMPORTED", StringComparison.Ordinal) && w.Contains("ImportValue", StringComparison.Ordinal));
        Assert.Contains(_warnings, w => w.Contains("NO_DEFAULT", StringComparison.Ordinal) && w.Contains("NoDefault", StringComparison.Ordinal));
        Assert.Equal(2, _warnings.Count); // the Unrelated resource's constructs are never evaluated
    }

    [Fact]
    public void Env_vars_file_overrides_only_declared_variables_and_the_function_section_wins()
    {
        var function = Resolve("EnvFunction");
        var file = ScriptRun.TempFile("""
            {
              "Parameters": { "FROM_FILE": "all-functions", "FROM_FILE_FUNCTION": "all-functions", "UNDECLARED": "x", "LOG_LEVEL": 7 },
              "EnvFunction": { "FROM_FILE_FUNCTION": "this-function", "ALSO_UNDECLARED": "y" },
              "EchoFunction": { "GLOBAL_ONLY": "other-function" }
            }
            """);

        var v = EnvVarsFile.Apply(file, "EnvFunction", function.Variables, _warnings.Add);

        Assert.Equal("all-functions", v["FROM_FILE"]);
        Assert.Equal("this-function", v["FROM_FILE_FUNCTION"]);
        Assert.Equal("7", v["LOG_LEVEL"]);
        Assert.Equal("from-globals", v["GLOBAL_ONLY"]);
        Assert.False(v.ContainsKey("UNDECLARED"));
        Assert.False(v.ContainsKey("ALSO_UNDECLARED"));
        Assert.Contains(_warnings, w => w.Contains("Parameters.UNDECLARED ignored", StringComparison.Ordinal));
        Assert.Contains(_warnings, w => w.Contains("EnvFunction.ALSO_UNDECLARED ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_form_tags_load_as_their_long_form_and_plain_scalars_by_the_YAML_core_schema()
    {
        var root = CfnYaml.Load("""
            A: !GetAtt Table.StreamArn.Label
            B: !Ref Stage
            C: !Sub ['${X}', { X: !Select [0, [q]] }]
            D: { 'Fn::Join': ['-', [x, { Ref: Stage }]] }
            E: !GetAtt NoDot
            F: [1.10, '1.10', 000000000000, true, 'true', ~, !!str 7]
            """);

        Assert.Equal("""{"Fn::GetAtt":["Table","StreamArn.Label"]}""", root["A"]!.ToJsonString());
        Assert.Equal("""{"Ref":"Stage"}""", root["B"]!.ToJsonString());
        Assert.Equal("""{"Fn::GetAtt":["NoDot"]}""", root["E"]!.ToJsonString()); // as the AWS CLI reads it: CloudFormation rejects it
        Assert.Equal("""[1.10,"1.10","000000000000",true,"true",null,"7"]""", root["F"]!.ToJsonString());
        var intrinsics = new Intrinsics(new TemplateDocument(root, "inline"), new Dictionary<string, string> { ["Stage"] = "s" }, new Dictionary<string, string>(), _warnings.Add);
        Assert.Equal("q", intrinsics.ResolveString(root["C"], "C"));
        Assert.Equal("x-s", intrinsics.ResolveString(root["D"], "D"));
        Assert.Equal(string.Empty, intrinsics.ResolveString(root["E"], "E"));
        Assert.Contains(_warnings, w => w.StartsWith("E: expected a list of 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_function_of_the_real_template_resolves_to_its_project_and_bootstrap_handler()
    {
        var template = TemplateDocument.LoadFile(RepositoryPaths.Combine("template.yaml"));
        // The parameters a deployment must set (no Default), given as sam's --parameter-overrides would.
        var overrides = new Dictionary<string, string>
        {
            ["RemediatorClusterName"] = "demo-cluster",
            ["RemediatorAllowedServices"] = "demo-cluster/demo-api",
        };
        var intrinsics = new Intrinsics(template, template.ParameterValues(overrides, _warnings.Add), LoadNames(), _warnings.Add);
        var globals = template.Section("Globals")["Function"]!["Environment"]!["Variables"]!.AsObject();

        foreach (var name in new[] { "LogShipper", "Remediator", "PostConfirmation" })
        {
            var f = FunctionDefinition.Resolve(template, name + "Function", intrinsics);
            Assert.Equal(RepositoryPaths.Combine("functions", name), f.CodeDirectory);
            Assert.Single(Directory.GetFiles(f.CodeDirectory, "*.csproj"));
            Assert.Equal("bootstrap", f.Handler);
            Assert.All(globals, g => Assert.False(string.IsNullOrEmpty(f.Variables[g.Key]), $"{name}: {g.Key} is empty"));
        }

        // The role's ARN (for the preflight's fixes), built from resources.json like a bucket's.
        Assert.Equal("arn:aws:iam::000000000000:role/lambdasuite-local-LogShipperRole", FunctionDefinition.Resolve(template, "LogShipperFunction", intrinsics).Variables["SHIPPER_ROLE_ARN"]);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_function_on_a_managed_runtime_is_rejected_naming_the_runtime()
    {
        var e = Assert.Throws<UsageException>(() => Resolve("ManagedRuntimeFunction"));

        Assert.Contains("ManagedRuntimeFunction has Runtime \"dotnet10\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("provided.al2023", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_reads_the_CodeUri_its_referenced_projects_and_the_repository_files_above_them()
    {
        var dir = Directory.CreateTempSubdirectory("lambdasuite-inputs-").FullName;
        var code = Directory.CreateDirectory(Path.Combine(dir, "src", "Fn")).FullName;
        Directory.CreateDirectory(Path.Combine(dir, "src", "Lib"));
        File.WriteAllText(Path.Combine(code, "Fn.csproj"), """<Project><ItemGroup><ProjectReference Include="..\Lib\Lib.csproj" /></ItemGroup></Project>""");
        File.WriteAllText(Path.Combine(dir, "src", "Lib", "Lib.csproj"), """<Project><ItemGroup><ProjectReference Include="../Fn/Fn.csproj" /></ItemGroup></Project>""");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "src", "publish.mk"), "# a make include above the CodeUri, like functions/publish.mk");
        File.WriteAllText(Path.Combine(dir, "src", "notes.txt"), "not an input");

        var inputs = FunctionBuild.Inputs(code); // the cycle back to Fn ends

        Assert.Equal([Path.Combine(dir, "Directory.Build.props"), Path.Combine(dir, "src", "Fn"), Path.Combine(dir, "src", "Lib"), Path.Combine(dir, "src", "publish.mk")], inputs);
    }

    private FunctionDefinition Resolve(string function, Dictionary<string, string>? overrides = null)
    {
        var template = TemplateDocument.LoadFile(LocalInvokeCli.FixtureTemplate);
        var intrinsics = new Intrinsics(template, template.ParameterValues(overrides ?? [], _warnings.Add), LoadNames(), _warnings.Add);
        return FunctionDefinition.Resolve(template, function, intrinsics);
    }

    private static Dictionary<string, string> LoadNames() => TemplateDocument.LoadLocalNames(RepositoryPaths.Combine("infra", "local", "resources.json"));
}
