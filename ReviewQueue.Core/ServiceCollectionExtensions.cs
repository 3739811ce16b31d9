using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Core;

public static class ServiceCollectionExtensions
{
    public const string ConnectionStringName = "ReviewQueue";
    public const string DefaultConnectionString = "Data Source=reviewqueue.db";

    /// <summary>Registers the database and every Core service, configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddReviewQueueCore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString;

        services.AddDbContextFactory<AppDbContext>(options => options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            .AddInterceptors(new SqliteConnectionSettings()));

        services.Configure<ReviewOptions>(configuration.GetSection(ReviewOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQueueEvents, InProcessQueueEvents>();
        services.AddSingleton<ProjectAccess>();
        services.AddSingleton<QueueService>();
        services.AddSingleton<ReviewItemService>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<TraceService>();
        services.AddSingleton<TraceQueryService>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<ApiKeyService>();
        return services;
    }
}
