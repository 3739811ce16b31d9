using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Reviews;

/// <summary>
/// Returns lapsed holds to their earlier status every few seconds, so that progress counts and
/// other reviewers see an abandoned item again without waiting for the next claim.
/// </summary>
public sealed partial class LeaseSweeper(ReviewItemService items, TimeProvider clock, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var lapsed = await items.ReleaseLapsedLeasesAsync(stoppingToken);
                if (lapsed > 0)
                    LogLapsed(lapsed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy database or a lost race is retried on the next tick.
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Released {Count} lapsed holds")]
    private partial void LogLapsed(int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Lease sweep failed; retrying next tick")]
    private partial void LogSweepFailed(Exception ex);
}
