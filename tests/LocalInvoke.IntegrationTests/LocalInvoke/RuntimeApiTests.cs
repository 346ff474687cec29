using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSuite.LocalInvoke;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalInvoke;

/// <summary>The local Runtime API, driven by a raw HTTP client playing the runtime.</summary>
public sealed class RuntimeApiTests : IAsyncLifetime, IDisposable
{
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:Fn";
    private readonly HttpClient _runtime = new() { Timeout = TimeSpan.FromSeconds(30) };
    private RuntimeApi _api = null!;

    public Task InitializeAsync()
    {
        _api = RuntimeApi.Start(Arn);
        _runtime.BaseAddress = new Uri($"http://{_api.Address}/2018-06-01/runtime/");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public async Task Next_hands_out_the_event_with_Lambdas_headers_and_the_response_completes_the_invocation()
    {
        var before = DateTimeOffset.UtcNow;
        var invocation = _api.Enqueue("{\"a\":1}"u8.ToArray(), TimeSpan.FromSeconds(7), null);

        using var next = await _runtime.GetAsync("invocation/next");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("{\"a\":1}", await next.Content.ReadAsStringAsync());
        Assert.Equal(invocation.RequestId, Header(next, "Lambda-Runtime-Aws-Request-Id"));
        Assert.Equal(Arn, Header(next, "Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", Header(next, "Lambda-Runtime-Trace-Id"));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deadline, before.AddSeconds(7).AddMilliseconds(-1), DateTimeOffset.UtcNow.AddSeconds(7).AddMilliseconds(1));
        Assert.True(invocation.HandedOut.IsCompleted);
        Assert.Null((await _api.Initialized).Error); // the first next ends the init

        using var posted = await _runtime.PostAsync($"invocation/{invocation.RequestId}/response", new StringContent("\"done\""));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal((true, "\"done\""), await Outcome(invocation));
    }

    [Fact]
    public async Task Next_waits_for_an_event_and_each_event_goes_out_once()
    {
        var waiting = _runtime.GetAsync("invocation/next");
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        var first = _api.Enqueue("1"u8.ToArray(), TimeSpan.FromSeconds(3), null);
        var second = _api.Enqueue("2"u8.ToArray(), TimeSpan.FromSeconds(3), null);
        using var one = await waiting;
        using var two = await _runtime.GetAsync("invocation/next");

        Assert.Equal((first.RequestId, "1"), (Header(one, "Lambda-Runtime-Aws-Request-Id"), await one.Content.ReadAsStringAsync()));
        Assert.Equal((second.RequestId, "2"), (Header(two, "Lambda-Runtime-Aws-Request-Id"), await two.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_invocation_error_is_passed_on_as_posted()
    {
        var invocation = await HandOutAsync();
        var body = """{"errorType":"InvalidInputException","errorMessage":"detail.state is invalid","stackTrace":["at Handler"]}""";
        using var content = new StringContent(body);
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", "Function.InvalidInputException");

        using var posted = await _runtime.PostAsync($"invocation/{invocation.RequestId}/error", content);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal((false, body), await Outcome(invocation));
    }

    [Fact]
    public async Task A_result_for_an_unknown_or_already_answered_request_id_is_refused_with_400()
    {
        var invocation = await HandOutAsync();
        using var first = await _runtime.PostAsync($"invocation/{invocation.RequestId}/response", new StringContent("1"));

        using var again = await _runtime.PostAsync($"invocation/{invocation.RequestId}/response", new StringContent("2"));
        using var unknown = await _runtime.PostAsync("invocation/not-a-request/error", new StringContent("{}"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (again.StatusCode, unknown.StatusCode));
        Assert.Equal("InvalidRequestID", ErrorFields(await again.Content.ReadAsStringAsync()).Type);
        Assert.Equal((true, "1"), await Outcome(invocation));
    }

    [Fact]
    public async Task A_response_over_6_MiB_is_refused_with_413_and_fails_the_invocation()
    {
        var invocation = await HandOutAsync();

        using var posted = await _runtime.PostAsync($"invocation/{invocation.RequestId}/response", new ByteArrayContent(new byte[RuntimeApi.MaxPayloadBytes + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        var (succeeded, body) = await Outcome(invocation);
        Assert.False(succeeded);
        Assert.Equal("Function.ResponseSizeTooLarge", ErrorFields(body).Type);
    }

    [Fact]
    public async Task A_response_of_exactly_6_MiB_is_accepted()
    {
        var invocation = await HandOutAsync();

        using var posted = await _runtime.PostAsync($"invocation/{invocation.RequestId}/response", new ByteArrayContent(new byte[RuntimeApi.MaxPayloadBytes]));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.True((await invocation.Result).Succeeded);
    }

    [Fact]
    public async Task An_init_error_ends_the_init_with_the_posted_error_typed_by_its_header()
    {
        var body = """{"errorType":"InvalidOperationException","errorMessage":"LOCK_TABLE_NAME is required"}""";
        using var content = new StringContent(body);
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", "Runtime.InitError");

        using var posted = await _runtime.PostAsync("init/error", content);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var error = (await _api.Initialized).Error;
        Assert.NotNull(error);
        Assert.Equal(("Runtime.InitError", body), (error.Type, Encoding.UTF8.GetString(error.Json)));
    }

    [Fact]
    public async Task An_init_error_after_the_first_next_is_refused_with_403()
    {
        await HandOutAsync();

        using var posted = await _runtime.PostAsync("init/error", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Null((await _api.Initialized).Error);
    }

    [Theory]
    [InlineData("GET", "invocation/some-id/response")]
    [InlineData("POST", "invocation/next")]
    [InlineData("GET", "../../2020-01-01/extension/register")]
    public async Task Anything_else_is_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _runtime.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static (string Type, string Message) ErrorFields(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("errorType").GetString()!, document.RootElement.GetProperty("errorMessage").GetString()!);
    }

    private static async Task<(bool Succeeded, string Body)> Outcome(Invocation invocation)
    {
        var (succeeded, body, _) = await invocation.Result.WaitAsync(TimeSpan.FromSeconds(10));
        return (succeeded, Encoding.UTF8.GetString(body));
    }

    private async Task<Invocation> HandOutAsync()
    {
        var invocation = _api.Enqueue("{}"u8.ToArray(), TimeSpan.FromSeconds(3), null);
        using var next = await _runtime.GetAsync("invocation/next");
        Assert.Equal(invocation.RequestId, Header(next, "Lambda-Runtime-Aws-Request-Id"));
        return invocation;
    }
}
