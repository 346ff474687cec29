using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation.Events;
using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.PostConfirmation.Profiles;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.Tests.Fakes;
using PostConfirmation.Tests.Fixtures;
using Xunit;

namespace PostConfirmation.Tests.Profiles;

public sealed class ProfileCreatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 15, 123, TimeSpan.Zero);

    private readonly MemorySink _sink = new();
    private readonly FakeProfileStore _store = new();
    private readonly EmfMetrics _metrics;
    private readonly ProfileCreator _creator;

    public ProfileCreatorTests()
    {
        _metrics = new EmfMetrics(_sink, "Test", "PostConfirmation");
        _creator = new ProfileCreator(_store, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug), _metrics, new FakeTimeProvider(Now));
    }

    private async Task ConfirmAsync(byte[] payload, CancellationToken deadline = default)
    {
        try
        {
            await _creator.ConfirmAsync(ConfirmationEvent.Parse(payload), deadline);
        }
        finally
        {
            _metrics.Flush();
        }
    }

    [Fact]
    public async Task Sign_up_creates_the_profile_from_the_event_stamped_with_the_functions_clock()
    {
        using var deadline = new CancellationTokenSource();

        await ConfirmAsync(TestEvents.AwsSampleWithSub("sub-1"), deadline.Token);

        var profile = Assert.Single(_store.Calls);
        Assert.Equal("USER#sub-1", profile.PartitionKey);
        Assert.Equal(("<userName>", "<userPoolId>", "<email>"), (profile.UserName, profile.UserPoolId, profile.Email));
        Assert.Equal(Now, profile.CreatedAt);
        Assert.Equal(deadline.Token, _store.LastToken);
        Assert.Equal(1, _sink.MetricSum("ProfilesCreated"));
        Assert.Contains(_sink.Json(), l => l.TryGetProperty("message", out var m) && m.GetString() == "profile created" && l.GetProperty("role").GetString() == "MEMBER");
    }

    [Fact]
    public async Task An_existing_profile_is_success_left_unchanged_and_counted_as_already_existing()
    {
        _store.Outcome = ProfileCreation.AlreadyExists;

        await ConfirmAsync(TestEvents.AwsSampleWithSub("sub-3"));

        Assert.Equal(1, _sink.MetricSum("ProfilesAlreadyExisting"));
        Assert.Equal(0, _sink.MetricSum("ProfilesCreated"));
        Assert.Contains(_sink.Json(), l => l.TryGetProperty("message", out var m) && m.GetString() == "profile already exists: left unchanged");
    }

    [Theory]
    [InlineData("PostConfirmation_ConfirmForgotPassword")]
    [InlineData("PreSignUp_SignUp")]
    public async Task Other_trigger_sources_write_nothing_and_log_why(string source)
    {
        await ConfirmAsync(TestEvents.AwsSampleWithSub("sub-4", source));

        Assert.Empty(_store.Calls);
        Assert.Equal(1, _sink.MetricSum("ProfilesSkipped"));
        var line = Assert.Single(_sink.Json(), l => l.TryGetProperty("triggerSource", out _));
        Assert.Equal(source, line.GetProperty("triggerSource").GetString());
        Assert.Contains("only sign-up confirmation", line.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_write_is_counted_logged_and_rethrown()
    {
        _store.Failure = new ProfileStoreException("DynamoDB PutItem on table t failed");

        await Assert.ThrowsAsync<ProfileStoreException>(() => ConfirmAsync(TestEvents.AwsSampleWithSub("sub-5")));

        Assert.Equal(1, _sink.MetricSum("ProfilesFailed"));
        Assert.Equal(0, _sink.MetricSum("ProfilesCreated"));
        var line = Assert.Single(_sink.Json(), l => l.TryGetProperty("level", out var level) && level.GetString() == "ERROR");
        Assert.Equal(("profile not created", "sub-5"), (line.GetProperty("message").GetString(), line.GetProperty("sub").GetString()));
    }
}
