using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;

namespace Remediator.Tests.Fakes;

/// <summary>In-memory ECS: tasks of one or more services, paginated ListTasks, a call log and injectable failures.</summary>
internal sealed class FakeEcsClient : IEcsClient
{
    private readonly Lock _gate = new();

    public List<EcsTask> Tasks { get; } = [];

    public List<string> Calls { get; } = [];

    public List<StopTaskRequest> Stops { get; } = [];

    public List<ListTasksRequest> Lists { get; } = [];

    public List<DescribeTasksRequest> Describes { get; } = [];

    /// <summary>Tasks ListTasks still lists but DescribeTasks reports MISSING, as for a task that stopped in between.</summary>
    public HashSet<string> Gone { get; } = [];

    public int PageSize { get; set; } = 100;

    /// <summary>Operations that wait for the caller's token (like a hung connection).</summary>
    public Hangs Hangs { get; } = new();

    /// <summary>Operation name → exception to throw on the next calls.</summary>
    public Dictionary<string, Exception> Failures { get; } = [];

    public static EcsTask Task(string id, string service = "api", string health = "HEALTHY", int startedMinutesAgo = 60,
        string lastStatus = "RUNNING", string desiredStatus = "RUNNING", string cluster = "prod") => new()
        {
            TaskArn = $"arn:aws:ecs:us-east-1:123456789012:task/{cluster}/{id}",
            Group = "service:" + service,
            HealthStatus = health,
            LastStatus = lastStatus,
            DesiredStatus = desiredStatus,
            StartedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).AddMinutes(-startedMinutesAgo),
        };

    /// <summary>Runs as each ListTasks call arrives (e.g. moves the clock, as a slow ECS would).</summary>
    public Action? OnList { get; set; }

    public async Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default)
    {
        Record("ListTasks");
        OnList?.Invoke();
        await Hangs.WaitIfHangingAsync("ListTasks", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Lists.Add(request);
            var all = Tasks.Where(t => t.Group == "service:" + request.ServiceName && t.DesiredStatus == request.DesiredStatus).Select(t => t.TaskArn!).ToList();
            var start = request.NextToken is null ? 0 : int.Parse(request.NextToken, System.Globalization.CultureInfo.InvariantCulture);
            var page = all.Skip(start).Take(PageSize).ToList();
            var next = start + PageSize < all.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return new ListTasksResponse { TaskArns = page, NextToken = next };
        }
    }

    public async Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default)
    {
        Record("DescribeTasks");
        await Hangs.WaitIfHangingAsync("DescribeTasks", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Describes.Add(request);
            return new DescribeTasksResponse
            {
                Tasks = [.. Tasks.Where(t => request.Tasks.Contains(t.TaskArn!) && !Gone.Contains(t.TaskArn!))],
                Failures = [.. request.Tasks.Where(Gone.Contains).Select(arn => new Failure { Arn = arn, Reason = "MISSING" })],
            };
        }
    }

    public async Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default)
    {
        Record("StopTask");
        await Hangs.WaitIfHangingAsync("StopTask", cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Stops.Add(request);
            var task = Tasks.Single(t => t.TaskArn == request.Task);
            task.DesiredStatus = "STOPPED";
            return new StopTaskResponse { Task = task };
        }
    }

    /// <summary>The desiredStatus every ListTasks asked for (they must all agree).</summary>
    public string ListsDesiredStatus() => Lists.Select(l => l.DesiredStatus).Distinct().Single()!;

    private void Record(string operation)
    {
        lock (_gate)
        {
            Calls.Add(operation);
            if (Failures.TryGetValue(operation, out var failure))
            {
                throw failure;
            }
        }
    }
}
