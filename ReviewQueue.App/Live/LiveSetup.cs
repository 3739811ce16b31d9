using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReviewQueue.App.Reviews;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using StackExchange.Redis;

namespace ReviewQueue.App.Live;

public static class LiveSetup
{
    /// <summary>
    /// Live updates (queue changes, presence, the hub) and what several nodes share: with
    /// <c>Redis:Configuration</c> set, queue changes and the SignalR backplane go through Redis.
    /// Data protection keys live in the database, so a cookie from one node is valid on all.
    /// </summary>
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<LeaseSweeper>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<QueueLiveFeed>();
        services.AddHostedService<HubBroadcaster>();
        services.AddDataProtection().SetApplicationName("ReviewQueue").PersistKeysToDbContext<AppDbContext>();

        var signalR = services.AddSignalR();
        var redis = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
            return services;

        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton<InProcessQueueEvents>();
        services.AddSingleton<RedisQueueEvents>();
        services.Replace(ServiceDescriptor.Singleton<IQueueEvents>(sp => sp.GetRequiredService<RedisQueueEvents>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisQueueEvents>());
        services.AddHostedService<RedisPresenceRelay>();
        signalR.AddStackExchangeRedis(redis, options =>
            options.Configuration.ChannelPrefix = RedisChannel.Literal("reviewqueue"));
        return services;
    }
}
