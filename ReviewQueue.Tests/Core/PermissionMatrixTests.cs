using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

/// <summary>Each action of the specification's permission table, for each role and for a non-member.</summary>
public sealed class PermissionMatrixTests
{
    /// <summary>An action: it prepares what it needs as the owner, then acts as the caller.</summary>
    private delegate Task<Error?> Act(CoreHarness h, Caller caller);

    private static readonly Dictionary<string, (ProjectRole Minimum, Act Act)> Actions = new()
    {
        ["view traces and datasets"] = (ProjectRole.VIEWER, async (h, c) =>
            (await h.Datasets.ListAsync(c, h.ProjectId)).Error),
        ["list queues"] = (ProjectRole.MEMBER, async (h, c) => (await h.Queues.ListAsync(c, h.ProjectId)).Error),
        ["view a queue"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Queues.GetAsync(c, await h.QueueWithItemsAsync(1))).Error),
        ["view an item"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.GetAsync(c, (await PendingItemAsync(h)).Item)).Error),
        ["list items"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.ListAsync(c, await h.QueueWithItemsAsync(1), new ItemQuery())).Error),
        ["create a queue"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Queues.CreateAsync(c, h.ProjectId, "New", null)).Error),
        ["add items"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.AddItemsAsync(c, await h.QueueWithItemsAsync(0), [CoreHarness.TraceId(1)])).Error),
        ["claim"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.ClaimNextAsync(c, await h.QueueWithItemsAsync(1))).Error),
        ["submit"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.SubmitAsync(c, await HeldItemAsync(h, c), CoreHarness.Review())).Error),
        ["skip"] = (ProjectRole.MEMBER, async (h, c) => (await h.Items.SkipAsync(c, await HeldItemAsync(h, c))).Error),
        ["reopen own review"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Items.ReopenAsync(c, await DecidedItemAsync(h, c))).Error),
        ["export"] = (ProjectRole.MEMBER, async (h, c) =>
            (await h.Export.ExportAsync(c, await h.QueueWithItemsAsync(1), null, "Golden")).Error),
        ["rename"] = (ProjectRole.ADMIN, async (h, c) =>
            (await h.Queues.UpdateAsync(c, await h.QueueWithItemsAsync(1), "Renamed", null)).Error),
        ["archive"] = (ProjectRole.ADMIN, async (h, c) =>
            (await h.Queues.ArchiveAsync(c, await h.QueueWithItemsAsync(1))).Error),
        ["restore"] = (ProjectRole.ADMIN, async (h, c) =>
        {
            var queue = await h.QueueWithItemsAsync(1);
            await h.Queues.ArchiveAsync(h.Owner, queue);
            return (await h.Queues.RestoreAsync(c, queue)).Error;
        }),
        ["delete"] = (ProjectRole.ADMIN, async (h, c) =>
            (await h.Queues.DeleteAsync(c, await h.QueueWithItemsAsync(1))).Error),
        ["reset items"] = (ProjectRole.ADMIN, async (h, c) =>
        {
            var (queue, item) = await PendingItemAsync(h);
            return (await h.Items.ResetAsync(c, queue, [item])).Error;
        }),
        ["remove items"] = (ProjectRole.ADMIN, async (h, c) =>
        {
            var (queue, item) = await PendingItemAsync(h);
            return (await h.Items.RemoveAsync(c, queue, [item])).Error;
        }),
        ["reopen another's review"] = (ProjectRole.ADMIN, async (h, c) =>
            (await h.Items.ReopenAsync(c, await DecidedItemAsync(h, h.Owner))).Error),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions.Keys)
        {
            foreach (var who in new[] { "VIEWER", "MEMBER", "ADMIN", "OWNER", "non-member", "key:VIEWER",
                         "key:MEMBER", "key:ADMIN", "other project's key" })
            {
                data.Add(action, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRoleMayDoExactlyWhatTheTableAllows(string action, string who)
    {
        await using var h = await CoreHarness.CreateAsync(traces: 3);
        var (minimum, act) = Actions[action];
        var (caller, role) = Resolve(h, who);

        var error = await act(h, caller);

        if (role is null)
        {
            error.Should().NotBeNull();
            error!.Kind.Should().Be(ErrorKind.NotFound, "a non-member must not learn that the thing exists");
        }
        else if (role < minimum)
        {
            error.Should().NotBeNull();
            error!.Kind.Should().Be(ErrorKind.Forbidden);
            error.Message.Should().NotBeNullOrWhiteSpace();
        }
        else
        {
            error.Should().BeNull();
        }
    }

    private static (Caller Caller, ProjectRole? Role) Resolve(CoreHarness h, string who) => who switch
    {
        "VIEWER" => (h.Viewer, ProjectRole.VIEWER),
        "MEMBER" => (h.Member, ProjectRole.MEMBER),
        "ADMIN" => (h.Admin, ProjectRole.ADMIN),
        "OWNER" => (h.Owner, ProjectRole.OWNER),
        "non-member" => (h.Outsider, null),
        "other project's key" => (Caller.ForApiKey(99, h.OtherProjectId, ProjectRole.OWNER, "sandbox"), null),
        _ => KeyFor(h, Enum.Parse<ProjectRole>(who["key:".Length..])),
    };

    private static (Caller, ProjectRole?) KeyFor(CoreHarness h, ProjectRole role) =>
        (Caller.ForApiKey(7, h.ProjectId, role, $"{role} key"), role);

    private static async Task<(long Queue, long Item)> PendingItemAsync(CoreHarness h)
    {
        var queue = await h.QueueWithItemsAsync(1);
        var item = await h.ClaimAsync(h.Owner, queue);
        await h.Items.ReleaseAsync(h.Owner, item.Id);
        return (queue, item.Id);
    }

    /// <summary>An item held by the caller, or by the owner when the caller may not claim.</summary>
    private static async Task<long> HeldItemAsync(CoreHarness h, Caller caller)
    {
        var queue = await h.QueueWithItemsAsync(1);
        var claimed = await h.Items.ClaimNextAsync(caller, queue);
        return claimed.IsSuccess ? claimed.Ok!.Id : (await h.ClaimAsync(h.Owner, queue)).Id;
    }

    /// <summary>An item decided by the reviewer, or by the owner when the reviewer may not review.</summary>
    private static async Task<long> DecidedItemAsync(CoreHarness h, Caller reviewer)
    {
        var queue = await h.QueueWithItemsAsync(1);
        var claimed = await h.Items.ClaimNextAsync(reviewer, queue);
        if (!claimed.IsSuccess)
            return (await h.ReviewNextAsync(h.Owner, queue)).Id;

        return (await h.Items.SubmitAsync(reviewer, claimed.Ok!.Id, CoreHarness.Review())).Ok.Id;
    }
}
