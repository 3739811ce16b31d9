using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using ReviewQueue.App.Components.Pages.Review;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Live;

/// <summary>Views that subscribe to queue changes must leave nothing behind when they close.</summary>
public sealed class SubscriptionLeakTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private CoreHarness _core = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        var presence = new PresenceTracker();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddSingleton(_core.Queues);
        _context.Services.AddSingleton(_core.Items);
        _context.Services.AddSingleton(_core.Datasets);
        _context.Services.AddSingleton(_core.Export);
        _context.Services.AddSingleton(_core.Services.GetRequiredService<TraceQueryService>());
        _context.Services.AddSingleton(presence);
        _context.Services.AddSingleton(new QueueLiveFeed(_core.Events, presence, TimeProvider.System));
        _context.Services.AddMudServices();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task AThousandOpensAndClosesOfAQueuePageLeaveNoSubscriptionBehind()
    {
        var queueId = await _core.QueueWithItemsAsync(5);
        var project = new ProjectContext(new ProjectView(_core.ProjectId, "demo", "Demo", ProjectRole.MEMBER),
            _core.Member);
        var before = _core.Events.SubscriptionCount;

        var peak = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var page = _context.Render<QueueListMode>(p => p.Add(l => l.Project, project).Add(l => l.QueueId, queueId));
            page.WaitForAssertion(() => page.FindAll("[data-testid=queue-progress]").Should().NotBeEmpty());
            peak = Math.Max(peak, _core.Events.SubscriptionCount);
            await _context.DisposeComponentsAsync();
        }

        peak.Should().BeGreaterThan(before, "an open page subscribes");
        _core.Events.SubscriptionCount.Should().Be(before);
    }
}
