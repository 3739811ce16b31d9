using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Api;

/// <summary>
/// The real <c>@trpc/client</c> from npm (ReviewQueue.Tests/Trpc, installed by test.sh) against
/// the app on Kestrel with the demo API key, through httpLink and through httpBatchLink.
/// </summary>
public sealed class TrpcClientTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _address = _factory.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AddItemsAndListQueuesWorkThroughHttpLinkAndHttpBatchLink()
    {
        using var http = new HttpClient { BaseAddress = _address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.DemoApiKey);
        string[] traceIds = ["trpc-client-1", "trpc-client-2"];
        (await http.PostJsonAsync("/api/traces", new { traces = traceIds.Select(id => new { id, name = id }) }))
            .EnsureSuccessStatusCode();
        var queueId = (await (await http.PostJsonAsync("/api/review/queues", new { name = "tRPC client test" }))
            .ReadJsonAsync()).GetProperty("id").GetInt64();

        var result = await RunClientAsync(queueId, [.. traceIds, "no-such-trace"]);
        var rest = await (await http.PostJsonAsync($"/api/review/queues/{queueId}/items",
            new { traceIds = traceIds.Append("no-such-trace").ToArray() })).ReadJsonAsync();

        var single = result.GetProperty("httpLink");
        var batch = result.GetProperty("httpBatchLink");
        ShouldBeAdded(single.GetProperty("addItems").GetProperty("data"), added: 2, already: 0);
        ShouldBeAdded(batch.GetProperty("addItems").GetProperty("data"), added: 0, already: 2);
        batch.GetProperty("addItems").GetProperty("data").GetRawText().Should().Be(rest.GetRawText(),
            "the tRPC procedure answers what the REST call answers");

        foreach (var run in new[] { single, batch })
        {
            ShouldListTheQueue(run.GetProperty("listQueues").GetProperty("data"), queueId);
            run.GetProperty("getQueue").GetProperty("data").GetProperty("id").GetInt64().Should().Be(queueId);
            ShouldBeNotFound(run.GetProperty("missingQueue"));

            var batched = run.GetProperty("batched");
            ShouldListTheQueue(batched[0].GetProperty("data"), queueId);
            batched[1].GetProperty("data").GetProperty("total").GetInt32().Should().Be(2);
            ShouldBeNotFound(batched[2]);
        }
    }

    private static void ShouldBeAdded(JsonElement answer, int added, int already)
    {
        answer.GetProperty("added").GetInt32().Should().Be(added);
        answer.GetProperty("alreadyInQueue").GetInt32().Should().Be(already);
        answer.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()).Should().Equal("no-such-trace");
    }

    private static void ShouldListTheQueue(JsonElement queues, long queueId)
    {
        var queue = queues.EnumerateArray().Single(q => q.GetProperty("id").GetInt64() == queueId);
        queue.GetProperty("name").GetString().Should().Be("tRPC client test");
        queue.GetProperty("status").GetString().Should().Be("ACTIVE");
        queue.GetProperty("total").GetInt32().Should().Be(2);
        queue.GetProperty("pending").GetInt32().Should().Be(2);
    }

    private static void ShouldBeNotFound(JsonElement settled)
    {
        var error = settled.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("NOT_FOUND");
        error.GetProperty("httpStatus").GetInt32().Should().Be(404);
        error.GetProperty("message").GetString().Should().Contain("987654321");
    }

    private async Task<JsonElement> RunClientAsync(long queueId, string[] traceIds)
    {
        var folder = TrpcFolder();
        Directory.Exists(Path.Combine(folder, "node_modules", "@trpc", "client")).Should().BeTrue(
            "the npm packages are installed by test.sh (npm ci --prefix ReviewQueue.Tests/Trpc)");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["client.mjs", _address.ToString(), AppFactory.DemoApiKey, $"{queueId}", .. traceIds];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await errors);
        using var document = JsonDocument.Parse(await output);
        return document.RootElement.Clone();
    }

    private static string TrpcFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewQueue.sln")))
                return Path.Combine(dir.FullName, "ReviewQueue.Tests", "Trpc");
        }

        throw new InvalidOperationException("ReviewQueue.sln was not found above the test binaries.");
    }
}
