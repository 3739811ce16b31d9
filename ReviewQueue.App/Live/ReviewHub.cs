using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ReviewQueue.App.Api;
using ReviewQueue.App.Auth;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Live;

/// <summary>The message a hub client receives on every change to a queue it subscribed to.</summary>
public sealed record QueueProgressMessage(long QueueId, QueueStatus Status, int Total, int Pending, int InReview,
    int Approved, int Rejected, int Skipped)
{
    public static QueueProgressMessage From(QueueView queue) => new(queue.Id, queue.Status, queue.Progress.Total,
        queue.Progress.Pending, queue.Progress.InReview, queue.Progress.Approved, queue.Progress.Rejected,
        queue.Progress.Skipped);
}

/// <summary>
/// <c>/hubs/review</c> for clients outside the app: <c>SubscribeQueue(queueId)</c>, then
/// <c>QueueProgress</c> messages. Signed in by the cookie or an API key as <c>access_token</c>;
/// a queue the caller may not view is refused with the same message Core gives.
/// </summary>
[Authorize(Policy = ApiSetup.Policy)]
public sealed class ReviewHub(QueueService queues) : Hub
{
    public const string Path = "/hubs/review";
    public const string ProgressMethod = "QueueProgress";

    public static string Group(long queueId) => $"queue:{queueId}";

    public async Task<QueueProgressMessage> SubscribeQueue(long queueId)
    {
        var caller = Context.User?.ToCaller() ?? throw new HubException("Sign in or send an API key.");
        var queue = await queues.GetAsync(caller, queueId, Context.ConnectionAborted);
        if (!queue.IsSuccess)
            throw new HubException(queue.Error!.Message);

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(queueId), Context.ConnectionAborted);
        return QueueProgressMessage.From(queue.Ok);
    }

    public Task UnsubscribeQueue(long queueId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(queueId), Context.ConnectionAborted);
}
