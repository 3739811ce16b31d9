using System.Net;
using System.Text.Json;
using static ReviewQueue.Tests.Api.ApiFixture;

namespace ReviewQueue.Tests.Api;

/// <summary>Every REST call: what it answers, and each error status it can give.</summary>
public sealed class RestApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _member = fixture.Client(MemberKey);
    private readonly HttpClient _member2 = fixture.Client(Member2Key);
    private readonly HttpClient _admin = fixture.Client(AdminKey);
    private readonly HttpClient _viewer = fixture.Client(ViewerKey);
    private readonly HttpClient _other = fixture.Client(OtherKey);

    [Fact]
    public async Task IngestStoresNewTracesAndLeavesExistingOnes()
    {
        var id = $"ingest-{Guid.NewGuid():N}";
        var body = new
        {
            traces = new object[]
            {
                new
                {
                    id, name = "Refund question", input = new[] { new { role = "user", content = "Hi" } },
                    output = new { role = "assistant", content = "Hello" }, metadata = new { region = "eu" },
                    tags = new[] { "refund" }, latencyMs = 900, status = "ERROR",
                    spans = new[] { new { name = "llm", kind = "LLM", model = "gpt" } },
                },
                new { id = TraceId(1), name = "renamed?" },
            },
        };

        var first = await (await _member.PostJsonAsync("/api/traces", body)).ReadJsonAsync();
        var again = await (await _member.PostJsonAsync("/api/traces", body)).ReadJsonAsync();
        var trace = await (await _member.GetAsync($"/api/traces/{id}")).ReadJsonAsync();

        first.GetProperty("created").GetInt32().Should().Be(1);
        first.GetProperty("existing").GetInt32().Should().Be(1);
        again.GetProperty("created").GetInt32().Should().Be(0);
        again.GetProperty("existing").GetInt32().Should().Be(2);
        trace.GetProperty("name").GetString().Should().Be("Refund question");
        trace.GetProperty("status").GetString().Should().Be("ERROR");
        trace.GetProperty("input")[0].GetProperty("content").GetString().Should().Be("Hi");
        trace.GetProperty("metadata").GetProperty("region").GetString().Should().Be("eu");
        trace.GetProperty("spans")[0].GetProperty("kind").GetString().Should().Be("LLM");
        trace.GetProperty("annotations").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task TraceIdsMayHoldSlashesAndBodiesAByteOrderMark()
    {
        var id = $"team/{Guid.NewGuid():N}";
        var body = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(
            $$"""{"traces":[{"id":"{{id}}","name":"with a slash"}]}""")]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var ingested = await _member.PostAsync("/api/traces", body);
        var plain = await _member.GetAsync($"/api/traces/{id}");
        var escaped = await _member.GetAsync($"/api/traces/{Uri.EscapeDataString(id)}");

        (await ingested.ReadJsonAsync()).GetProperty("created").GetInt32().Should().Be(1);
        (await plain.ReadJsonAsync()).GetProperty("id").GetString().Should().Be(id);
        (await escaped.ReadJsonAsync()).GetProperty("name").GetString().Should().Be("with a slash");
    }

    [Fact]
    public async Task IngestByAViewerIsForbidden()
    {
        var response = await _viewer.PostJsonAsync("/api/traces", new { traces = new[] { new { name = "x" } } });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task IngestOfMoreThanAThousandTracesIsTooLarge()
    {
        var traces = Enumerable.Range(0, 1001).Select(i => new { id = $"too-many-{i}" }).ToArray();

        var response = await _member.PostJsonAsync("/api/traces", new { traces });

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task SearchFindsTracesByNameAndPages()
    {
        const string url = "/api/traces?q=Support%20chat%201&pageSize=5&sort=Name&descending=false";

        var page = await (await _viewer.GetAsync(url)).ReadJsonAsync();

        // "Support chat 1", "10" to "19": eleven matches.
        page.GetProperty("total").GetInt32().Should().Be(11);
        page.GetProperty("page").GetInt32().Should().Be(1);
        page.GetProperty("pageSize").GetInt32().Should().Be(5);
        page.GetProperty("traces").GetArrayLength().Should().Be(5);
        page.GetProperty("traces")[0].GetProperty("name").GetString().Should().Be("Support chat 1");
    }

    [Fact]
    public async Task SearchRefusesABadFilter()
    {
        var problem = await (await _viewer.GetAsync("/api/traces?status=BROKEN&pageSize=0"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors().Should().ContainKeys("status", "pageSize");
    }

    [Fact]
    public async Task TracesOfAnotherProjectAreNotFound()
    {
        var response = await _member.GetAsync($"/api/traces/{OtherTraceId(1)}");
        var foreignProject = await _member.GetAsync($"/api/traces?project={OtherSlug}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await foreignProject.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateQueueAnswersTheNewQueue()
    {
        var name = $"Audit {Guid.NewGuid():N}";

        var response = await _member.PostJsonAsync("/api/review/queues", new { name, description = "weekly" });
        var queue = await response.ReadJsonAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/review/queues/{queue.GetProperty("id").GetInt64()}");
        queue.GetProperty("name").GetString().Should().Be(name);
        queue.GetProperty("description").GetString().Should().Be("weekly");
        queue.GetProperty("status").GetString().Should().Be("ACTIVE");
        foreach (var count in new[] { "total", "pending", "inReview", "approved", "rejected", "skipped" })
            queue.GetProperty(count).GetInt32().Should().Be(0);
        queue.GetProperty("createdAt").GetDateTime().Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CreateQueueRefusesViewersMissingAndTakenNames()
    {
        var name = $"Taken {Guid.NewGuid():N}";
        await _member.PostJsonAsync("/api/review/queues", new { name });

        var viewer = await _viewer.PostJsonAsync("/api/review/queues", new { name = "x" });
        var missing = await _member.PostJsonAsync("/api/review/queues", new { description = "no name" });
        var taken = await _member.PostJsonAsync("/api/review/queues", new { name = name.ToUpperInvariant() });

        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("name");
        (await taken.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors()["name"].Single()
            .Should().Contain("already exists");
    }

    [Fact]
    public async Task ListQueuesShowsProgressAndRefusesViewers()
    {
        var queueId = await QueueWithItemsAsync(3);

        var queues = await (await _member.GetAsync("/api/review/queues")).ReadJsonAsync();
        var viewer = await _viewer.GetAsync("/api/review/queues");

        var queue = queues.EnumerateArray().Single(q => q.GetProperty("id").GetInt64() == queueId);
        queue.GetProperty("total").GetInt32().Should().Be(3);
        queue.GetProperty("pending").GetInt32().Should().Be(3);
        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetQueueAnswersItAndHidesOtherProjects()
    {
        var queueId = await QueueWithItemsAsync(2);
        var foreign = await CreateQueueAsync(_other);

        var queue = await (await _member.GetAsync($"/api/review/queues/{queueId}")).ReadJsonAsync();
        var hidden = await _member.GetAsync($"/api/review/queues/{foreign}");
        var missing = await _member.GetAsync("/api/review/queues/999999");
        var malformed = await _member.GetAsync("/api/review/queues/abc");

        queue.GetProperty("total").GetInt32().Should().Be(2);
        await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("queueId");
    }

    [Fact]
    public async Task PatchRenamesArchivesAndRestores()
    {
        var queueId = await QueueWithItemsAsync(1);
        var url = $"/api/review/queues/{queueId}";
        var newName = $"Renamed {Guid.NewGuid():N}";

        var byMember = await _member.PatchJsonAsync(url, new { name = "nope" });
        var renamed = await (await _admin.PatchJsonAsync(url, new { name = newName,
            description = "d" })).ReadJsonAsync();
        var archived = await (await _admin.PatchJsonAsync(url, new { status = "ARCHIVED" })).ReadJsonAsync();
        var again = await _admin.PatchJsonAsync(url, new { status = "ARCHIVED" });
        var addToArchived = await _member.PostJsonAsync($"{url}/items", new { traceIds = new[] { TraceId(2) } });
        var restored = await (await _admin.PatchJsonAsync(url, new { status = "ACTIVE" })).ReadJsonAsync();
        var completed = await _admin.PatchJsonAsync(url, new { status = "COMPLETED" });
        var both = await _admin.PatchJsonAsync(url, new { name = "x", status = "ARCHIVED" });
        var nothing = await _admin.PatchJsonAsync(url, new { });

        await byMember.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        renamed.GetProperty("name").GetString().Should().Be(newName);
        renamed.GetProperty("description").GetString().Should().Be("d");
        archived.GetProperty("status").GetString().Should().Be("ARCHIVED");
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await addToArchived.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        restored.GetProperty("status").GetString().Should().Be("ACTIVE");
        (await completed.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("status");
        (await both.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("status");
        await nothing.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeleteNeedsAnAdminAndRemovesTheQueue()
    {
        var queueId = await QueueWithItemsAsync(2);
        var url = $"/api/review/queues/{queueId}";

        var byMember = await _member.DeleteAsync(url);
        var byAdmin = await _admin.DeleteAsync(url);
        var afterwards = await _member.GetAsync(url);
        var twice = await _admin.DeleteAsync(url);

        await byMember.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        byAdmin.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await afterwards.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await twice.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddItemsReportsAddedAlreadyInQueueAndNotFound()
    {
        var queueId = await CreateQueueAsync(_member);
        var url = $"/api/review/queues/{queueId}/items";

        var first = await (await _member.PostJsonAsync(url,
            new { traceIds = new[] { TraceId(1), TraceId(2), "no-such-trace", OtherTraceId(1) } })).ReadJsonAsync();
        var second = await (await _member.PostJsonAsync(url, new { traceIds = new[] { TraceId(2), TraceId(3) } }))
            .ReadJsonAsync();

        first.GetProperty("added").GetInt32().Should().Be(2);
        first.GetProperty("alreadyInQueue").GetInt32().Should().Be(0);
        first.GetProperty("notFound").EnumerateArray().Select(e => e.GetString())
            .Should().BeEquivalentTo("no-such-trace", OtherTraceId(1));
        second.GetProperty("added").GetInt32().Should().Be(1);
        second.GetProperty("alreadyInQueue").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task AddItemsRefusesViewersForeignQueuesAndTooManyIds()
    {
        var queueId = await CreateQueueAsync(_member);
        var foreign = await CreateQueueAsync(_other);
        var tooMany = Enumerable.Range(0, 10_001).Select(i => $"t{i}").ToArray();

        var viewer = await _viewer.PostJsonAsync($"/api/review/queues/{queueId}/items",
            new { traceIds = new[] { "a" } });
        var hidden = await _member.PostJsonAsync($"/api/review/queues/{foreign}/items",
            new { traceIds = new[] { "a" } });
        var large = await _member.PostJsonAsync($"/api/review/queues/{queueId}/items", new { traceIds = tooMany });

        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await large.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ListItemsFiltersAndPages()
    {
        var queueId = await QueueWithItemsAsync(5);
        await ReviewNextAsync(_member, queueId, "APPROVED", "POSITIVE", "good");

        var pending = await (await _member.GetAsync($"/api/review/queues/{queueId}/items?status=PENDING&pageSize=2"))
            .ReadJsonAsync();
        var labelled = await (await _member.GetAsync(
            $"/api/review/queues/{queueId}/items?label=good&sentiment=POSITIVE")).ReadJsonAsync();
        var bad = await _member.GetAsync($"/api/review/queues/{queueId}/items?status=DONE&page=0&pageSize=501");
        var viewer = await _viewer.GetAsync($"/api/review/queues/{queueId}/items");

        pending.GetProperty("total").GetInt32().Should().Be(4);
        pending.GetProperty("items").GetArrayLength().Should().Be(2);
        pending.GetProperty("pageSize").GetInt32().Should().Be(2);
        var item = labelled.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("status").GetString().Should().Be("APPROVED");
        item.GetProperty("traceId").GetString().Should().Be(TraceId(1));
        item.GetProperty("traceName").GetString().Should().Be("Support chat 1");
        item.GetProperty("reviewer").GetString().Should().Be("API key member");
        item.GetProperty("reviewedAt").ValueKind.Should().Be(JsonValueKind.String);
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors()
            .Should().ContainKeys("status", "page", "pageSize");
        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NextClaimsInOrderAndAnswers204WhenNothingIsLeft()
    {
        var queueId = await QueueWithItemsAsync(1);

        var claimed = await (await _member.PostAsync($"/api/review/queues/{queueId}/next", null)).ReadJsonAsync();
        var nothing = await _member2.PostAsync($"/api/review/queues/{queueId}/next", null);
        var viewer = await _viewer.PostAsync($"/api/review/queues/{queueId}/next", null);

        claimed.GetProperty("status").GetString().Should().Be("IN_REVIEW");
        claimed.GetProperty("traceId").GetString().Should().Be(TraceId(1));
        claimed.GetProperty("heldBy").GetString().Should().Be("API key member");
        claimed.GetProperty("leaseExpiresAt").GetDateTime().Should().BeAfter(DateTime.UtcNow);
        nothing.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReviewDecidesTheHeldItemAndAnnotatesTheTrace()
    {
        var queueId = await QueueWithItemsAsync(1, firstTrace: 30);
        var item = await NextAsync(_member, queueId);
        var url = $"/api/review/items/{item}/review";

        var missing = await _member.PostJsonAsync(url, new { decision = "APPROVED" });
        var someoneElse = await _member2.PostJsonAsync(url, new { decision = "APPROVED", sentiment = "POSITIVE" });
        var reviewed = await (await _member.PostJsonAsync(url,
            new { decision = "REJECTED", sentiment = "NEGATIVE", label = "rude", notes = "tone" })).ReadJsonAsync();
        var detail = await (await _member.GetAsync($"/api/review/items/{item}")).ReadJsonAsync();
        var trace = await (await _member.GetAsync($"/api/traces/{TraceId(30)}")).ReadJsonAsync();
        var queue = await (await _member.GetAsync($"/api/review/queues/{queueId}")).ReadJsonAsync();

        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("sentiment");
        await someoneElse.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        reviewed.GetProperty("status").GetString().Should().Be("REJECTED");
        reviewed.GetProperty("sentiment").GetString().Should().Be("NEGATIVE");
        reviewed.GetProperty("label").GetString().Should().Be("rude");
        reviewed.GetProperty("notes").GetString().Should().Be("tone");
        detail.GetProperty("history").GetArrayLength().Should().Be(2);
        var annotation = trace.GetProperty("annotations").EnumerateArray().Single();
        annotation.GetProperty("sentiment").GetString().Should().Be("NEGATIVE");
        annotation.GetProperty("reviewItemId").GetInt64().Should().Be(item);
        annotation.GetProperty("author").GetString().Should().Be("API key member");
        queue.GetProperty("status").GetString().Should().Be("COMPLETED");
    }

    [Fact]
    public async Task SkipReleaseReopenAndRenewActOnTheHeldItem()
    {
        var queueId = await QueueWithItemsAsync(2);
        var first = await NextAsync(_member, queueId);

        var renewed = await (await _member.PostAsync($"/api/review/items/{first}/renew", null)).ReadJsonAsync();
        var skipped = await (await _member.PostAsync($"/api/review/items/{first}/skip", null)).ReadJsonAsync();
        var skipAgain = await _member.PostAsync($"/api/review/items/{first}/skip", null);
        var second = await NextAsync(_member, queueId);
        var released = await (await _member.PostAsync($"/api/review/items/{second}/release", null)).ReadJsonAsync();
        var releaseAgain = await _member.PostAsync($"/api/review/items/{second}/release", null);
        var decided = await ReviewNextAsync(_member, queueId, "APPROVED", "NEUTRAL", null);
        var reopenByOther = await _member2.PostAsync($"/api/review/items/{decided}/reopen", null);
        var reopened = await (await _member.PostAsync($"/api/review/items/{decided}/reopen", null)).ReadJsonAsync();
        var missing = await _member.PostAsync("/api/review/items/999999/skip", null);
        var viewer = await _viewer.PostAsync($"/api/review/items/{decided}/release", null);

        renewed.GetProperty("status").GetString().Should().Be("IN_REVIEW");
        skipped.GetProperty("status").GetString().Should().Be("SKIPPED");
        await skipAgain.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        released.GetProperty("status").GetString().Should().Be("PENDING");
        await releaseAgain.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await reopenByOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        reopened.GetProperty("status").GetString().Should().Be("IN_REVIEW");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ExportAddsApprovedItemsOnceAndDatasetsCanBeRead()
    {
        var queueId = await QueueWithItemsAsync(3, firstTrace: 20);
        await ReviewNextAsync(_member, queueId, "APPROVED", "POSITIVE", null);
        await ReviewNextAsync(_member, queueId, "REJECTED", "NEGATIVE", null);
        var datasetName = $"Golden {Guid.NewGuid():N}";
        var url = $"/api/review/queues/{queueId}/export";

        var first = await (await _member.PostJsonAsync(url, new { datasetName })).ReadJsonAsync();
        var datasetId = first.GetProperty("datasetId").GetInt64();
        var second = await (await _member.PostJsonAsync(url, new { datasetId })).ReadJsonAsync();
        var neither = await _member.PostJsonAsync(url, new { });
        var unknown = await _member.PostJsonAsync(url, new { datasetId = 999999 });
        var viewer = await _viewer.PostJsonAsync(url, new { datasetName });
        var items = await (await _viewer.GetAsync($"/api/datasets/{datasetId}/items")).ReadJsonAsync();
        var lines = await _member.GetAsync($"/api/datasets/{datasetId}/items?format=jsonl");
        var list = await (await _viewer.GetAsync("/api/datasets")).ReadJsonAsync();
        var foreign = await _other.GetAsync($"/api/datasets/{datasetId}/items");

        first.GetProperty("exported").GetInt32().Should().Be(1);
        first.GetProperty("alreadyInDataset").GetInt32().Should().Be(0);
        second.GetProperty("exported").GetInt32().Should().Be(0);
        second.GetProperty("alreadyInDataset").GetInt32().Should().Be(1);
        (await neither.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("datasetId");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        items.GetProperty("total").GetInt32().Should().Be(1);
        items.GetProperty("items")[0].GetProperty("sourceTraceId").GetString().Should().Be(TraceId(20));
        items.GetProperty("items")[0].GetProperty("input")[0].GetProperty("role").GetString().Should().Be("user");
        lines.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var text = await lines.Content.ReadAsStringAsync();
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Contain(TraceId(20));
        list.EnumerateArray().Should().Contain(d => d.GetProperty("name").GetString() == datasetName);
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DatasetItemsRefuseABadFormatAndUnknownIds()
    {
        var format = await _member.GetAsync("/api/datasets/1/items?format=xml");
        var unknown = await _member.GetAsync("/api/datasets/999999/items?format=jsonl");

        (await format.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("format");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnknownApiPathIsAProblem404()
    {
        var response = await _member.GetAsync("/api/nothing/here");
        var wrongMethod = await _member.PutAsync("/api/traces", ApiTestKit.Json("{}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await wrongMethod.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<long> CreateQueueAsync(HttpClient client)
    {
        var response = await client.PostJsonAsync("/api/review/queues", new { name = $"Queue {Guid.NewGuid():N}" });
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private async Task<long> QueueWithItemsAsync(int items, int firstTrace = 1)
    {
        var queueId = await CreateQueueAsync(_member);
        var ids = Enumerable.Range(firstTrace, items).Select(TraceId).ToArray();
        var added = await (await _member.PostJsonAsync($"/api/review/queues/{queueId}/items", new { traceIds = ids }))
            .ReadJsonAsync();
        added.GetProperty("added").GetInt32().Should().Be(items);
        return queueId;
    }

    private static async Task<long> NextAsync(HttpClient client, long queueId)
    {
        var response = await client.PostAsync($"/api/review/queues/{queueId}/next", null);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private static async Task<long> ReviewNextAsync(HttpClient client, long queueId, string decision, string sentiment,
        string? label)
    {
        var item = await NextAsync(client, queueId);
        var response = await client.PostJsonAsync($"/api/review/items/{item}/review", new { decision, sentiment,
            label });
        (await response.ReadJsonAsync()).GetProperty("status").GetString().Should().Be(decision);
        return item;
    }
}
