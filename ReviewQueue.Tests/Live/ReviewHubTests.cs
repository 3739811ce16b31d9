using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Live;

/// <summary>A real SignalR client against the app on Kestrel.</summary>
public sealed class ReviewHubTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _server = _app.StartKestrel();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AClientWithAnApiKeyReceivesProgressAfterASubmit()
    {
        var queue = await DemoQueueAsync();
        await using var hub = Connect(AppFactory.DemoApiKey);
        var messages = Channel.CreateUnbounded<QueueProgressMessage>();
        hub.On<QueueProgressMessage>(ReviewHub.ProgressMethod, m => messages.Writer.TryWrite(m));
        await hub.StartAsync();
        var initial = await hub.InvokeAsync<QueueProgressMessage>("SubscribeQueue", queue.Id);

        var member = await MemberAsync();
        var items = _app.Services.GetRequiredService<ReviewItemService>();
        var item = (await items.ClaimNextAsync(member, queue.Id)).Ok!;
        await items.SubmitAsync(member, item.Id, ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE,
            null, null).Ok);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        QueueProgressMessage latest;
        do
        {
            latest = await messages.Reader.ReadAsync(timeout.Token);
        }
        while (latest.Approved == initial.Approved);

        latest.QueueId.Should().Be(queue.Id);
        latest.Approved.Should().Be(initial.Approved + 1);
        latest.Total.Should().Be(initial.Total);
        latest.Status.Should().Be(QueueStatus.ACTIVE);
    }

    [Fact]
    public async Task AKeyOfAnotherProjectIsRefused()
    {
        var queue = await DemoQueueAsync();
        var sandboxKey = await SandboxKeyAsync();
        await using var hub = Connect(sandboxKey);
        await hub.StartAsync();

        var subscribe = () => hub.InvokeAsync<QueueProgressMessage>("SubscribeQueue", queue.Id);

        (await subscribe.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("not found");
    }

    [Fact]
    public async Task AClientWithoutAKeyCannotConnect()
    {
        await using var hub = Connect(null);

        var start = () => hub.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode
            .Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }

    private HubConnection Connect(string? key) => new HubConnectionBuilder()
        .WithUrl(new Uri(_server, ReviewHub.Path), options =>
        {
            if (key is not null)
                options.AccessTokenProvider = () => Task.FromResult<string?>(key);
        })
        .Build();

    private async Task<QueueView> DemoQueueAsync()
    {
        var member = await MemberAsync();
        await using var db = await Db().CreateDbContextAsync();
        var projectId = await db.Projects.Where(p => p.Slug == "demo").Select(p => p.Id).SingleAsync();
        var queues = (await _app.Services.GetRequiredService<QueueService>().ListAsync(member, projectId)).Ok;
        return queues.Single(q => q.Name == "Weekly quality audit");
    }

    private async Task<Caller> MemberAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == "member@demo.local");
        return Caller.ForUser(user.Id, user.DisplayName);
    }

    private async Task<string> SandboxKeyAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        var sandbox = await db.Projects.SingleAsync(p => p.Slug == "sandbox");
        var secret = ApiKey.NewSecret();
        db.ApiKeys.Add(new ApiKey(sandbox.Id, "sandbox test", ProjectRole.OWNER, secret, "test", DateTime.UtcNow));
        await db.SaveChangesAsync();
        return secret;
    }

    private IDbContextFactory<AppDbContext> Db() => _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
}
