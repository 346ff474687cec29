using LambdaSuite.Remediator.Aws.Ecs.Model;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// The ECS operations the Remediator uses. Names and shapes mirror AWSSDK.ECS's <c>IAmazonECS</c> and
/// <c>Amazon.ECS.Model</c>, so once that package is served, swapping <see cref="EcsClient"/> for it
/// is a change to one file.
/// </summary>
internal interface IEcsClient
{
    Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default);

    Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default);

    Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default);
}
