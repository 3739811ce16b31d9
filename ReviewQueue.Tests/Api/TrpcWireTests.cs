using System.Net;
using System.Text.Json;
using static ReviewQueue.Tests.Api.ApiFixture;

namespace ReviewQueue.Tests.Api;

/// <summary>The tRPC wire format byte by byte: shapes, codes and statuses as @trpc/server gives them.</summary>
public sealed class TrpcWireTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _member = fixture.Client(MemberKey);

    [Fact]
    public async Task AQueryIsAGetWithUrlEncodedInput()
    {
        var queueId = await CreateQueueAsync();

        var response = await _member.GetAsync($"/api/trpc/review.getQueue?input={Input(new { queueId })}");
        var answer = await response.ReadJsonAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        answer.GetProperty("result").GetProperty("data").GetProperty("id").GetInt64().Should().Be(queueId);
    }

    [Fact]
    public async Task AQueryWithoutInputNeedsNone()
    {
        var answer = await (await _member.GetAsync("/api/trpc/review.listQueues")).ReadJsonAsync();

        answer.GetProperty("result").GetProperty("data").ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public async Task AMutationIsAPostWithTheInputAsBodyAndAnswersAsRestDoes()
    {
        var queueId = await CreateQueueAsync();
        var input = new { queueId, traceIds = new[] { TraceId(1), "nope" } };

        var trpc = await (await _member.PostJsonAsync("/api/trpc/review.addItems", input)).ReadJsonAsync();
        var rest = await (await _member.PostJsonAsync($"/api/review/queues/{queueId}/items", input)).ReadJsonAsync();

        var data = trpc.GetProperty("result").GetProperty("data");
        data.GetProperty("added").GetInt32().Should().Be(1);
        data.GetProperty("notFound")[0].GetString().Should().Be("nope");
        rest.GetProperty("alreadyInQueue").GetInt32().Should().Be(1);
        rest.GetProperty("notFound").GetRawText().Should().Be(data.GetProperty("notFound").GetRawText());
    }

    [Fact]
    public async Task CreateQueueAndExportToDatasetAreMutations()
    {
        var created = await (await _member.PostJsonAsync("/api/trpc/review.createQueue",
            new { name = $"tRPC {Guid.NewGuid():N}", description = "made over tRPC" })).ReadJsonAsync();
        var queueId = created.GetProperty("result").GetProperty("data").GetProperty("id").GetInt64();
        var exported = await (await _member.PostJsonAsync("/api/trpc/review.exportToDataset",
            new { queueId, datasetName = $"tRPC set {Guid.NewGuid():N}" })).ReadJsonAsync();

        created.GetProperty("result").GetProperty("data").GetProperty("description").GetString()
            .Should().Be("made over tRPC");
        var data = exported.GetProperty("result").GetProperty("data");
        data.GetProperty("datasetId").GetInt64().Should().BePositive();
        data.GetProperty("exported").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task ABatchAnswersAnArrayInOrder()
    {
        var queueId = await CreateQueueAsync();
        var input = Input(new Dictionary<string, object> { ["1"] = new { queueId } });

        var response = await _member.GetAsync($"/api/trpc/review.listQueues,review.getQueue?batch=1&input={input}");
        var answer = await response.ReadJsonAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        answer.GetArrayLength().Should().Be(2);
        answer[0].GetProperty("result").GetProperty("data").ValueKind.Should().Be(JsonValueKind.Array);
        answer[1].GetProperty("result").GetProperty("data").GetProperty("id").GetInt64().Should().Be(queueId);
    }

    [Fact]
    public async Task ABatchOfMutationsPostsAnObjectKeyedByIndex()
    {
        var queueId = await CreateQueueAsync();
        var body = new Dictionary<string, object>
        {
            ["0"] = new { queueId, traceIds = new[] { TraceId(2) } },
            ["1"] = new { name = $"Batch {Guid.NewGuid():N}" },
        };

        var response = await _member.PostJsonAsync("/api/trpc/review.addItems,review.createQueue?batch=1", body);
        var answer = await response.ReadJsonAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        answer[0].GetProperty("result").GetProperty("data").GetProperty("added").GetInt32().Should().Be(1);
        answer[1].GetProperty("result").GetProperty("data").GetProperty("status").GetString().Should().Be("ACTIVE");
    }

    [Fact]
    public async Task AMixedBatchIs207WithEachErrorInTrpcShape()
    {
        var input = Input(new Dictionary<string, object> { ["1"] = new { queueId = 987654 } });

        var response = await _member.GetAsync($"/api/trpc/review.listQueues,review.getQueue?batch=1&input={input}");
        var answer = await response.ReadJsonAsync();

        response.StatusCode.Should().Be((HttpStatusCode)207);
        answer[0].TryGetProperty("result", out _).Should().BeTrue();
        ShouldBeError(answer[1], -32004, "NOT_FOUND", 404, "review.getQueue");
    }

    [Theory]
    [InlineData("GET", "/api/trpc/review.nothing", -32004, "NOT_FOUND", 404)]
    [InlineData("GET", "/api/trpc/review.addItems", -32005, "METHOD_NOT_SUPPORTED", 405)]
    [InlineData("POST", "/api/trpc/review.listQueues", -32005, "METHOD_NOT_SUPPORTED", 405)]
    [InlineData("GET", "/api/trpc/review.getQueue?input=%7Bnope", -32700, "PARSE_ERROR", 400)]
    [InlineData("GET", "/api/trpc/review.getQueue?input=%7B%22queueId%22%3A%22x%22%7D", -32600, "BAD_REQUEST", 400)]
    public async Task ErrorsHaveTrpcCodesAndStatuses(string method, string url, int code, string name, int status)
    {
        var response = await _member.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        var answer = await response.ReadJsonAsync();

        ((int)response.StatusCode).Should().Be(status);
        var path = code == -32700 ? null : url["/api/trpc/".Length..].Split('?')[0];
        ShouldBeError(answer, code, name, status, path);
    }

    [Fact]
    public async Task RoleAndStateErrorsHaveTrpcCodes()
    {
        var queueId = await CreateQueueAsync();
        await fixture.Client(AdminKey).PatchJsonAsync($"/api/review/queues/{queueId}", new { status = "ARCHIVED" });
        var tooMany = Enumerable.Range(0, 10_001).Select(i => $"t{i}").ToArray();

        var forbidden = await fixture.Client(ViewerKey).PostJsonAsync("/api/trpc/review.createQueue",
            new { name = "x" });
        var conflict = await _member.PostJsonAsync("/api/trpc/review.addItems",
            new { queueId, traceIds = new[] { TraceId(3) } });
        var tooLarge = await _member.PostJsonAsync("/api/trpc/review.addItems", new { queueId, traceIds = tooMany });
        var unauthorized = await fixture.Client(null).GetAsync("/api/trpc/review.listQueues");

        ShouldBeError(await forbidden.ReadJsonAsync(), -32003, "FORBIDDEN", 403, "review.createQueue");
        ShouldBeError(await conflict.ReadJsonAsync(), -32009, "CONFLICT", 409, "review.addItems");
        ShouldBeError(await tooLarge.ReadJsonAsync(), -32013, "PAYLOAD_TOO_LARGE", 413, "review.addItems");
        ShouldBeError(await unauthorized.ReadJsonAsync(), -32001, "UNAUTHORIZED", 401, null);
        ((int)unauthorized.StatusCode).Should().Be(401);
    }

    [Fact]
    public async Task BadInputNamesTheField()
    {
        var answer = await (await _member.PostJsonAsync("/api/trpc/review.addItems",
            new { queueId = 1, traceIds = new object[] { "a", 5 } })).ReadJsonAsync();

        var data = answer.GetProperty("error").GetProperty("data");
        data.GetProperty("errors").TryGetProperty("traceIds[1]", out _).Should().BeTrue();
    }

    private static void ShouldBeError(JsonElement answer, int code, string name, int status, string? path)
    {
        var error = answer.GetProperty("error");
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        error.GetProperty("code").GetInt32().Should().Be(code);
        var data = error.GetProperty("data");
        data.GetProperty("code").GetString().Should().Be(name);
        data.GetProperty("httpStatus").GetInt32().Should().Be(status);
        if (path is not null)
            data.GetProperty("path").GetString().Should().Be(path);
    }

    private static string Input(object value) =>
        Uri.EscapeDataString(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    private async Task<long> CreateQueueAsync()
    {
        var response = await _member.PostJsonAsync("/api/review/queues", new { name = $"Wire {Guid.NewGuid():N}" });
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }
}
