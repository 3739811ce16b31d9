using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>
/// From a submit through Core to every one of N hub clients holding the <c>QueueProgress</c> that
/// counts it. The clients run in this process, on the same two cores as the server.
/// </summary>
public sealed class HubScenario(BenchApp app, Sizes sizes, Report report)
{
    // Submits before the measured ones, so that the server's path has been compiled at its top tier.
    private const int HubWarmUps = 20;

    public async Task RunAsync()
    {
        var queueId = await app.QueueAsync("Hub", sizes.HubSubmits + HubWarmUps + 10);
        var member = await app.MemberAsync();
        var items = app.Get<ReviewItemService>();
        var approve = ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE, null, null).Ok;

        var clients = new List<Client>();
        try
        {
            var connect = Stopwatch.StartNew();
            for (var n = 0; n < sizes.HubClients; n++)
                clients.Add(await Client.ConnectAsync(app.Address, queueId));
            Console.WriteLine($"  {clients.Count} hub clients subscribed in {connect.Elapsed.TotalSeconds:0.0} s");

            var latencies = new List<double>();
            var missed = 0;
            for (var n = -HubWarmUps; n < sizes.HubSubmits; n++)
            {
                var approved = n + HubWarmUps + 1;
                var item = (await items.ClaimNextAsync(member, queueId)).Ok!;

                // The claim's own progress message first, so that it is not taken for the submit's.
                await Task.WhenAll(clients.Select(c =>
                    c.WaitAsync(m => m.InReview == 1 && m.Approved == approved - 1)));

                var waits = clients.Select(c => c.WaitAsync(m => m.Approved == approved)).ToList();
                var start = Stopwatch.GetTimestamp();
                await items.SubmitAsync(member, item.Id, approve);
                var received = await Task.WhenAll(waits);
                if (n < 0)
                    continue;

                foreach (var at in received)
                {
                    if (at is { } timestamp)
                        latencies.Add(Stats.Milliseconds(start, timestamp));
                    else
                        missed++;
                }
            }

            var scenario = $"submit to {clients.Count} hub clients";
            report.Add(new Figure(scenario, "sqlite", $"p50 of {latencies.Count} deliveries",
                Stats.Percentile(latencies, 50), "ms", Note: "includes the broadcaster's 50 ms gathering window"));
            report.Add(new Figure(scenario, "sqlite", $"p99 of {latencies.Count} deliveries",
                Stats.Percentile(latencies, 99), "ms", Target: 250));
            report.Add(new Figure(scenario, "sqlite", "deliveries missing after 10 s", missed, "messages", Target: 0));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private sealed class Client : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly Lock _gate = new();
        private QueueProgressMessage? _last;
        private (Func<QueueProgressMessage, bool> Match, TaskCompletionSource<long?> Done)? _waiting;

        private Client(HubConnection connection)
        {
            _connection = connection;
            _connection.On<QueueProgressMessage>(ReviewHub.ProgressMethod, OnProgress);
        }

        public static async Task<Client> ConnectAsync(Uri server, long queueId)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server, ReviewHub.Path), options =>
                    options.AccessTokenProvider = () => Task.FromResult<string?>(BenchApp.ApiKey))
                .Build();
            var client = new Client(connection);
            await connection.StartAsync();
            client._last = await connection.InvokeAsync<QueueProgressMessage>("SubscribeQueue", queueId);
            return client;
        }

        /// <summary>
        /// The time the first matching message arrived (now, if the last one matches); null after 10 s.
        /// </summary>
        public async Task<long?> WaitAsync(Func<QueueProgressMessage, bool> match)
        {
            var done = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_last is { } last && match(last))
                    return Stopwatch.GetTimestamp();
                _waiting = (match, done);
            }

            var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            lock (_gate)
                _waiting = null;
            return finished == done.Task ? await done.Task : null;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private void OnProgress(QueueProgressMessage message)
        {
            var at = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                _last = message;
                if (_waiting is { } waiting && waiting.Match(message))
                {
                    waiting.Done.TrySetResult(at);
                    _waiting = null;
                }
            }
        }
    }
}
