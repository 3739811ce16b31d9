using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static ReviewQueue.Tests.Api.ApiFixture;

namespace ReviewQueue.Tests.Api;

/// <summary>
/// The fixture for the malformed requests: an active queue with an item the member holds, an
/// archived queue, a queue and a dataset of the other project, and a dataset of the main one.
/// </summary>
public sealed class MalformedFixture : IAsyncLifetime
{
    public ApiFixture Api { get; } = new();

    public Dictionary<string, string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        var member = Api.Client(MemberKey);
        var admin = Api.Client(AdminKey);
        var other = Api.Client(OtherKey);

        var queue = await CreateQueueAsync(member, "Malformed target", [TraceId(1), TraceId(2), TraceId(3)]);
        var item = await (await member.PostAsync($"/api/review/queues/{queue}/next", null)).ReadJsonAsync();
        var archived = await CreateQueueAsync(member, "Malformed archived", [TraceId(4)]);
        (await admin.PatchJsonAsync($"/api/review/queues/{archived}", new { status = "ARCHIVED" }))
            .EnsureSuccessStatusCode();

        var exported = await CreateQueueAsync(member, "Malformed exported", [TraceId(5)]);
        var exportedItem = await (await member.PostAsync($"/api/review/queues/{exported}/next", null)).ReadJsonAsync();
        (await member.PostJsonAsync($"/api/review/items/{exportedItem.GetProperty("id").GetInt64()}/review",
            new { decision = "APPROVED", sentiment = "POSITIVE" })).EnsureSuccessStatusCode();
        var dataset = await (await member.PostJsonAsync($"/api/review/queues/{exported}/export",
            new { datasetName = "Malformed dataset" })).ReadJsonAsync();

        var foreign = await CreateQueueAsync(other, "Foreign", [OtherTraceId(1)]);
        var foreignItem = await (await other.PostAsync($"/api/review/queues/{foreign}/next", null)).ReadJsonAsync();
        var foreignItemId = foreignItem.GetProperty("id").GetInt64();
        (await other.PostJsonAsync($"/api/review/items/{foreignItemId}/review",
            new { decision = "APPROVED", sentiment = "POSITIVE" })).EnsureSuccessStatusCode();
        var foreignDataset = await (await other.PostJsonAsync($"/api/review/queues/{foreign}/export",
            new { datasetName = "Foreign dataset" })).ReadJsonAsync();

        Ids["{queue}"] = queue.ToString();
        Ids["{item}"] = item.GetProperty("id").GetInt64().ToString();
        Ids["{archived}"] = archived.ToString();
        Ids["{dataset}"] = dataset.GetProperty("datasetId").GetInt64().ToString();
        Ids["{foreignQueue}"] = foreign.ToString();
        Ids["{foreignItem}"] = foreignItemId.ToString();
        Ids["{foreignDataset}"] = foreignDataset.GetProperty("datasetId").GetInt64().ToString();
    }

    public Task DisposeAsync() => Api.DisposeAsync();

    private static async Task<long> CreateQueueAsync(HttpClient client, string name, string[] traceIds)
    {
        var queue = await (await client.PostJsonAsync("/api/review/queues", new { name })).ReadJsonAsync();
        var id = queue.GetProperty("id").GetInt64();
        (await client.PostJsonAsync($"/api/review/queues/{id}/items", new { traceIds })).EnsureSuccessStatusCode();
        return id;
    }
}

/// <summary>
/// More than 200 malformed requests: wrong types, missing fields, invalid JSON, huge arrays,
/// unknown and foreign ids, script tags and 1 MB strings. Each is answered 4xx with a clear
/// message, and the database is byte for byte what it was before.
/// </summary>
public sealed class MalformedRequestTests(MalformedFixture fixture) : IClassFixture<MalformedFixture>
{
    private const string Script = "<script>alert('x')</script>";

    private static readonly Dictionary<string, MalformedCase> Cases = Build().ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void ThereAreAtLeast200Cases() => Cases.Count.Should().BeGreaterThanOrEqualTo(200);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task IsRefusedWithAClearMessageAndWritesNothing(string name)
    {
        var test = Cases[name];
        await using var before = fixture.Api.NewDb();
        var snapshot = await ApiTestKit.SnapshotAsync(before);

        var response = await SendAsync(test);
        var text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(test.Status, $"{test.Method} {test.Url} answered {text}");
        text.Length.Should().BeLessThan(4_000, "an answer must not echo a huge input");
        text.Should().NotContain("System.").And.NotContain("   at ");
        using var json = JsonDocument.Parse(text);
        Message(json.RootElement, test.IsTrpc).Should().NotBeNullOrWhiteSpace();
        if (!test.IsTrpc)
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (test.Field is not null)
            json.RootElement.GetProperty("errors").TryGetProperty(test.Field, out _).Should().BeTrue(text);

        await using var after = fixture.Api.NewDb();
        (await ApiTestKit.SnapshotAsync(after)).Should().Equal(snapshot);
    }

    private static string? Message(JsonElement answer, bool trpc)
    {
        if (!trpc)
            return answer.GetProperty("detail").GetString();

        var first = answer.ValueKind == JsonValueKind.Array ? answer[0] : answer;
        var error = first.GetProperty("error");
        error.GetProperty("code").GetInt32().Should().BeLessThan(-32000);
        error.GetProperty("data").GetProperty("httpStatus").GetInt32().Should().BeInRange(400, 499);
        return error.GetProperty("message").GetString();
    }

    private async Task<HttpResponseMessage> SendAsync(MalformedCase test)
    {
        var url = Fill(test.Url);
        using var request = new HttpRequestMessage(new HttpMethod(test.Method), url);
        if (test.Body is not null)
        {
            var body = Fill(test.Body());
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType =
                test.ContentType is null ? null : MediaTypeHeaderValue.Parse(test.ContentType);
        }

        if (test.Authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", test.Authorization);

        return await fixture.Api.Client(null).SendAsync(request);
    }

    private string Fill(string text)
    {
        foreach (var (key, value) in fixture.Ids)
        {
            text = text.Replace(key, value, StringComparison.Ordinal)
                .Replace(Uri.EscapeDataString(key), value, StringComparison.Ordinal);
        }

        return text;
    }

    private static IEnumerable<MalformedCase> Build()
    {
        var bodyEndpoints = new (string Name, string Method, string Url, bool Trpc)[]
        {
            ("ingest", "POST", "/api/traces", false),
            ("create queue", "POST", "/api/review/queues", false),
            ("patch queue", "PATCH", "/api/review/queues/{queue}", false),
            ("add items", "POST", "/api/review/queues/{queue}/items", false),
            ("review", "POST", "/api/review/items/{item}/review", false),
            ("export", "POST", "/api/review/queues/{queue}/export", false),
            ("trpc createQueue", "POST", "/api/trpc/review.createQueue", true),
            ("trpc addItems", "POST", "/api/trpc/review.addItems", true),
            ("trpc exportToDataset", "POST", "/api/trpc/review.exportToDataset", true),
        };

        // Bodies that are wrong whatever the call.
        var broken = new (string Name, string Body)[]
        {
            ("unclosed object", "{"),
            ("plain text", "not json at all"),
            ("missing value", """{"name":}"""),
            ("trailing comma", """{"name":"x",}"""),
            ("single quotes", "{'name':'x'}"),
            ("comment", """{/* c */ "name":"x"}"""),
            ("null", "null"),
            ("array", "[]"),
            ("number", "42"),
            ("string", "\"just a string\""),
            ("deep nesting", new string('[', 200) + new string(']', 200)),
            ("truncated unicode escape", """{"name":"\u12"}"""),
        };
        foreach (var endpoint in bodyEndpoints)
        {
            foreach (var (name, body) in broken)
            {
                yield return new($"{endpoint.Name}: {name}", endpoint.Method, endpoint.Url, () => body, 400,
                    endpoint.Trpc);
            }

            yield return new($"{endpoint.Name}: text/plain content type", endpoint.Method, endpoint.Url,
                () => """{"name":"x"}""", 400, endpoint.Trpc, ContentType: "text/plain");
            yield return new($"{endpoint.Name}: form content type", endpoint.Method, endpoint.Url,
                () => "name=x", 400, endpoint.Trpc, ContentType: "application/x-www-form-urlencoded");
            yield return new($"{endpoint.Name}: 5 MB body", endpoint.Method, endpoint.Url,
                () => $$"""{"name":"{{new string('x', 5 * 1024 * 1024)}}"}""",
                endpoint.Url == "/api/traces" ? 400 : 413, endpoint.Trpc);
            yield return new($"{endpoint.Name}: no API key", endpoint.Method, endpoint.Url,
                () => """{"name":"x"}""", 401, endpoint.Trpc, Authorization: null);
            yield return new($"{endpoint.Name}: revoked key", endpoint.Method, endpoint.Url,
                () => """{"name":"x"}""", 401, endpoint.Trpc, Authorization: $"Bearer {RevokedKey}");
            if (!endpoint.Trpc)
                yield return new($"{endpoint.Name}: empty body", endpoint.Method, endpoint.Url, () => "", 400);
        }

        foreach (var c in IngestCases())
            yield return c;
        foreach (var c in QueueCases())
            yield return c;
        foreach (var c in ItemCases())
            yield return c;
        foreach (var c in QueryCases())
            yield return c;
        foreach (var c in TrpcCases())
            yield return c;
    }

    private static IEnumerable<MalformedCase> IngestCases()
    {
        MalformedCase Ingest(string name, string traces, int status = 400, string? field = null) =>
            new($"ingest: {name}", "POST", "/api/traces", () => $$"""{"traces":{{traces}}}""", status, Field: field);

        yield return new("ingest: no traces field", "POST", "/api/traces", () => "{}", 400, Field: "traces");
        yield return Ingest("traces null", "null", field: "traces");
        yield return Ingest("traces a string", "\"abc\"", field: "traces");
        yield return Ingest("traces an object", """{"0":{}}""", field: "traces");
        yield return Ingest("trace a number", "[1]", field: "traces[0]");
        yield return Ingest("trace null", "[null]", field: "traces[0]");
        yield return Ingest("id a number", """[{"id":5}]""", field: "traces[0].id");
        yield return Ingest("id empty", """[{"id":""}]""", field: "traces[0].id");
        yield return Ingest("id 201 characters", $$"""[{"id":"{{new string('i', 201)}}"}]""", field: "traces[0].id");
        yield return Ingest("id with a script tag, 1 MB", $$"""[{"id":"{{Script}}{{Big()}}"}]""",
            field: "traces[0].id");
        yield return Ingest("name an array", """[{"name":["x"]}]""", field: "traces[0].name");
        yield return Ingest("name 1 MB", $$"""[{"name":"{{Big()}}"}]""", field: "traces[0].name");
        yield return Ingest("name a script tag, 1 MB", $$"""[{"name":"{{Script}}{{Big()}}"}]""",
            field: "traces[0].name");
        yield return Ingest("latency a string", """[{"latencyMs":"fast"}]""", field: "traces[0].latencyMs");
        yield return Ingest("latency too big", """[{"latencyMs":1e40}]""", field: "traces[0].latencyMs");
        yield return Ingest("latency a fraction", """[{"latencyMs":1.5}]""", field: "traces[0].latencyMs");
        yield return Ingest("latency negative", """[{"latencyMs":-5}]""", field: "traces[0].metrics");
        yield return Ingest("cost negative", """[{"cost":-1}]""", field: "traces[0].metrics");
        yield return Ingest("cost a string", """[{"cost":"free"}]""", field: "traces[0].cost");
        yield return Ingest("status unknown", """[{"status":"MAYBE"}]""", field: "traces[0].status");
        yield return Ingest("status a number", """[{"status":1}]""", field: "traces[0].status");
        yield return Ingest("timestamp not a date", """[{"timestamp":"yesterday"}]""", field: "traces[0].timestamp");
        yield return Ingest("timestamp a number", """[{"timestamp":12345}]""", field: "traces[0].timestamp");
        yield return Ingest("tags a string", """[{"tags":"a"}]""", field: "traces[0].tags");
        yield return Ingest("tag a number", """[{"tags":[1]}]""", field: "traces[0].tags[0]");
        yield return Ingest("tag empty", """[{"tags":[""]}]""", field: "traces[0].tags");
        yield return Ingest("51 tags",
            $"[{{\"tags\":[{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"t{i}\""))}]}}]",
            field: "traces[0].tags");
        yield return Ingest("metadata an array", """[{"metadata":[1,2]}]""", field: "traces[0].metadata");
        yield return Ingest("metadata a string", """[{"metadata":"x"}]""", field: "traces[0].metadata");
        yield return Ingest("user id 201 characters", $$"""[{"userId":"{{new string('u', 201)}}"}]""",
            field: "traces[0].userId");
        yield return Ingest("spans an object", """[{"spans":{}}]""", field: "traces[0].spans");
        yield return Ingest("span null", """[{"spans":[null]}]""", field: "traces[0].spans[0]");
        yield return Ingest("span kind unknown", """[{"spans":[{"kind":"ROBOT"}]}]""",
            field: "traces[0].spans[0].kind");
        yield return Ingest("span name 1 MB", $$"""[{"spans":[{"name":"{{Big()}}"}]}]""", field: "traces[0].spans");
        yield return Ingest("second trace bad, first good", """[{"id":"fine"},{"id":7}]""", field: "traces[1].id");
        yield return Ingest("1,001 traces",
            "[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"{{\"id\":\"x{i}\"}}")) + "]", 413);
        yield return Ingest("valid trace by a viewer", """[{"id":"by-viewer"}]""", 403)
            with { Authorization = $"Bearer {ViewerKey}" };
        yield return new("ingest: into a foreign project", "POST", $"/api/traces?project={OtherSlug}",
            () => """{"traces":[{"id":"foreign"}]}""", 404);
        yield return new("ingest: into a project named by a script tag", "POST", "/api/traces?project=%3Cscript%3E",
            () => """{"traces":[{"id":"x"}]}""", 404);
        yield return new("ingest: 33 MB body", "POST", "/api/traces",
            () => $$"""{"traces":[{"name":"{{new string('x', 33 * 1024 * 1024)}}"}]}""", 413);
    }

    private static IEnumerable<MalformedCase> QueueCases()
    {
        MalformedCase Create(string name, string body, int status = 400, string? field = null) =>
            new($"create queue: {name}", "POST", "/api/review/queues", () => body, status, Field: field);
        MalformedCase Patch(string name, string body, int status = 400, string? field = null) =>
            new($"patch queue: {name}", "PATCH", "/api/review/queues/{queue}", () => body, status, Field: field)
            {
                Authorization = $"Bearer {AdminKey}",
            };

        yield return Create("name missing", "{}", field: "name");
        yield return Create("name null", """{"name":null}""", field: "name");
        yield return Create("name empty", """{"name":""}""", field: "name");
        yield return Create("name blank", """{"name":"   "}""", field: "name");
        yield return Create("name a number", """{"name":5}""", field: "name");
        yield return Create("name true", """{"name":true}""", field: "name");
        yield return Create("name an array", """{"name":["a"]}""", field: "name");
        yield return Create("name an object", """{"name":{"x":1}}""", field: "name");
        yield return Create("name 201 characters", $$"""{"name":"{{new string('n', 201)}}"}""", field: "name");
        yield return Create("name 1 MB", $$"""{"name":"{{Big()}}"}""", field: "name");
        yield return Create("name a script tag, 1 MB", $$"""{"name":"{{Script}}{{Big()}}"}""", field: "name");
        yield return Create("name a script tag, by a viewer", $$"""{"name":"{{Script}}"}""", 403)
            with { Authorization = $"Bearer {ViewerKey}" };
        yield return Create("description 2,001 characters",
            $$"""{"name":"ok","description":"{{new string('d', 2001)}}"}""",
            field: "description");
        yield return Create("description 1 MB", $$"""{"name":"ok","description":"{{Big()}}"}""", field: "description");
        yield return Create("description a number", """{"name":"ok","description":5}""", field: "description");
        yield return Create("name taken", """{"name":"Malformed target"}""", field: "name");
        yield return Create("name taken in other case", """{"name":"MALFORMED TARGET"}""", field: "name");
        yield return new("create queue: foreign project", "POST", $"/api/review/queues?project={OtherSlug}",
            () => """{"name":"x"}""", 404);
        yield return new("create queue: unknown project", "POST", "/api/review/queues?project=nope",
            () => """{"name":"x"}""", 404);
        yield return new("create queue: project slug 10 KB", "POST",
            $"/api/review/queues?project={new string('p', 10_000)}",
            () => """{"name":"x"}""", 404);

        yield return Patch("name a number", """{"name":5}""", field: "name");
        yield return Patch("name empty", """{"name":""}""", field: "name");
        yield return Patch("name 1 MB", $$"""{"name":"{{Big()}}"}""", field: "name");
        yield return Patch("name a script tag, 1 MB", $$"""{"name":"{{Script}}{{Big()}}"}""", field: "name");
        yield return Patch("description 2,001 characters", $$"""{"description":"{{new string('d', 2001)}}"}""",
            field: "description");
        yield return Patch("status unknown", """{"status":"DONE"}""", field: "status");
        yield return Patch("status a number", """{"status":2}""", field: "status");
        yield return Patch("status COMPLETED", """{"status":"COMPLETED"}""", field: "status");
        yield return Patch("status and name together", """{"name":"x","status":"ARCHIVED"}""", field: "status");
        yield return Patch("nothing to change", "{}");
        yield return Patch("restore an active queue", """{"status":"ACTIVE"}""", 409);
        yield return Patch("name taken", """{"name":"Malformed archived"}""", field: "name");
        yield return Patch("rename by a member", """{"name":"by member"}""", 403)
            with { Authorization = $"Bearer {MemberKey}" };
        yield return new("patch queue: foreign queue", "PATCH", "/api/review/queues/{foreignQueue}",
            () => """{"name":"x"}""", 404) { Authorization = $"Bearer {AdminKey}" };
        yield return new("patch queue: rename an archived queue", "PATCH", "/api/review/queues/{archived}",
            () => """{"name":"new name"}""", 409) { Authorization = $"Bearer {AdminKey}" };
        yield return new("delete queue: by a member", "DELETE", "/api/review/queues/{queue}", null, 403);
        yield return new("delete queue: foreign", "DELETE", "/api/review/queues/{foreignQueue}", null, 404)
        {
            Authorization = $"Bearer {AdminKey}",
        };
        yield return new("delete queue: unknown", "DELETE", "/api/review/queues/999999", null, 404)
        {
            Authorization = $"Bearer {AdminKey}",
        };
        yield return new("delete queue: id not a number", "DELETE", "/api/review/queues/abc", null, 400,
            Field: "queueId")
        {
            Authorization = $"Bearer {AdminKey}",
        };

        MalformedCase Add(string name, string body, int status = 400, string? field = null, string queue = "{queue}") =>
            new($"add items: {name}", "POST", $"/api/review/queues/{queue}/items", () => body, status, Field: field);

        yield return Add("traceIds missing", "{}", field: "traceIds");
        yield return Add("traceIds null", """{"traceIds":null}""", field: "traceIds");
        yield return Add("traceIds a string", """{"traceIds":"a"}""", field: "traceIds");
        yield return Add("traceIds an object", """{"traceIds":{"0":"a"}}""", field: "traceIds");
        yield return Add("trace id a number", """{"traceIds":[1,2]}""", field: "traceIds[0]");
        yield return Add("trace id true", """{"traceIds":["a",true]}""", field: "traceIds[1]");
        yield return Add("trace id an array", """{"traceIds":[["a"]]}""", field: "traceIds[0]");
        yield return Add("trace id null", """{"traceIds":["a",null]}""", field: "traceIds[1]");
        yield return Add("trace id empty", """{"traceIds":[""]}""", field: "traceIds[0]");
        yield return Add("trace id blank", """{"traceIds":["   "]}""", field: "traceIds[0]");
        yield return Add("trace id 201 characters", $$"""{"traceIds":["{{new string('t', 201)}}"]}""",
            field: "traceIds[0]");
        yield return Add("trace id 1 MB", $$"""{"traceIds":["{{Big()}}"]}""", field: "traceIds[0]");
        yield return Add("trace id a script tag, 1 MB", $$"""{"traceIds":["{{Script}}{{Big()}}"]}""",
            field: "traceIds[0]");
        yield return Add("10,001 trace ids",
            "{\"traceIds\":[" + string.Join(",", Enumerable.Range(0, 10_001).Select(i => $"\"{i}\"")) + "]}", 413);
        yield return Add("to an archived queue", $$"""{"traceIds":["{{TraceId(9)}}"]}""", 409, queue: "{archived}");
        yield return Add("to a foreign queue", $$"""{"traceIds":["{{OtherTraceId(2)}}"]}""", 404,
            queue: "{foreignQueue}");
        yield return Add("to an unknown queue", """{"traceIds":["a"]}""", 404, queue: "999999");
        yield return Add("queue id not a number", """{"traceIds":["a"]}""", 400, "queueId", queue: "abc");
        yield return Add("queue id negative", """{"traceIds":["a"]}""", 400, "queueId", queue: "-1");
        yield return Add("queue id zero", """{"traceIds":["a"]}""", 400, "queueId", queue: "0");
        yield return Add("queue id a fraction", """{"traceIds":["a"]}""", 400, "queueId", queue: "1.5");
        yield return Add("queue id too big", """{"traceIds":["a"]}""", 400, "queueId", queue: "99999999999999999999");
        yield return Add("queue id a script tag", """{"traceIds":["a"]}""", 400, "queueId", queue: "%3Cscript%3E");
        yield return Add("by a viewer", $$"""{"traceIds":["{{TraceId(9)}}"]}""", 403) with
        {
            Authorization = $"Bearer {ViewerKey}",
        };
    }

    private static IEnumerable<MalformedCase> ItemCases()
    {
        MalformedCase Review(string name, string body, int status = 400, string? field = null,
            string item = "{item}") =>
            new($"review: {name}", "POST", $"/api/review/items/{item}/review", () => body, status, Field: field);

        yield return Review("decision unknown", """{"decision":"MAYBE","sentiment":"POSITIVE"}""", field: "decision");
        yield return Review("decision missing", """{"sentiment":"POSITIVE"}""", field: "decision");
        yield return Review("sentiment missing", """{"decision":"APPROVED"}""", field: "sentiment");
        yield return Review("both missing", "{}", field: "sentiment");
        yield return Review("decision a number", """{"decision":1,"sentiment":"POSITIVE"}""", field: "decision");
        yield return Review("sentiment a number", """{"decision":"APPROVED","sentiment":0}""", field: "sentiment");
        yield return Review("sentiment unknown", """{"decision":"APPROVED","sentiment":"HAPPY"}""", field: "sentiment");
        yield return Review("decision null", """{"decision":null,"sentiment":"POSITIVE"}""", field: "decision");
        yield return Review("label a number", """{"decision":"APPROVED","sentiment":"POSITIVE","label":5}""",
            field: "label");
        yield return Review("label 201 characters",
            $$"""{"decision":"APPROVED","sentiment":"POSITIVE","label":"{{new string('l', 201)}}"}""", field: "label");
        yield return Review("label a script tag, 1 MB",
            $$"""{"decision":"APPROVED","sentiment":"POSITIVE","label":"{{Script}}{{Big()}}"}""", field: "label");
        yield return Review("notes 10,001 characters",
            $$"""{"decision":"APPROVED","sentiment":"POSITIVE","notes":"{{new string('n', 10_001)}}"}""",
                field: "notes");
        yield return Review("notes 1 MB", $$"""{"decision":"APPROVED","sentiment":"POSITIVE","notes":"{{Big()}}"}""",
            field: "notes");
        yield return Review("notes an array", """{"decision":"APPROVED","sentiment":"POSITIVE","notes":["a"]}""",
            field: "notes");
        yield return Review("an item held by someone else", """{"decision":"APPROVED","sentiment":"POSITIVE"}""", 409)
            with { Authorization = $"Bearer {Member2Key}" };
        yield return Review("by a viewer", """{"decision":"APPROVED","sentiment":"POSITIVE"}""", 403)
            with { Authorization = $"Bearer {ViewerKey}" };
        yield return Review("an unknown item", """{"decision":"APPROVED","sentiment":"POSITIVE"}""", 404,
            item: "999999");
        yield return Review("a foreign item", """{"decision":"APPROVED","sentiment":"POSITIVE"}""", 404,
            item: "{foreignItem}");
        yield return Review("item id not a number", """{"decision":"APPROVED","sentiment":"POSITIVE"}""", 400, "itemId",
            item: "abc");

        foreach (var action in new[] { "skip", "release", "reopen", "renew" })
        {
            yield return new($"{action}: unknown item", "POST", $"/api/review/items/999999/{action}", null, 404);
            yield return new($"{action}: foreign item", "POST", $"/api/review/items/{{foreignItem}}/{action}", null,
                404);
            yield return new($"{action}: item id not a number", "POST", $"/api/review/items/x1/{action}", null, 400,
                Field: "itemId");
            yield return new($"{action}: by a viewer", "POST", $"/api/review/items/{{item}}/{action}", null, 403)
            {
                Authorization = $"Bearer {ViewerKey}",
            };
        }

        yield return new("skip: an item held by someone else", "POST", "/api/review/items/{item}/skip", null, 409)
        {
            Authorization = $"Bearer {Member2Key}",
        };
        yield return new("release: an item held by someone else", "POST", "/api/review/items/{item}/release", null, 409)
        {
            Authorization = $"Bearer {Member2Key}",
        };
        yield return new("reopen: an item in review", "POST", "/api/review/items/{item}/reopen", null, 409);
        yield return new("next: an archived queue", "POST", "/api/review/queues/{archived}/next", null, 409);
        yield return new("next: a foreign queue", "POST", "/api/review/queues/{foreignQueue}/next", null, 404);
        yield return new("next: by a viewer", "POST", "/api/review/queues/{queue}/next", null, 403)
        {
            Authorization = $"Bearer {ViewerKey}",
        };

        MalformedCase Export(string name, string body, int status = 400, string? field = null,
            string queue = "{queue}") =>
            new($"export: {name}", "POST", $"/api/review/queues/{queue}/export", () => body, status, Field: field);

        yield return Export("neither id nor name", "{}", field: "datasetId");
        yield return Export("both id and name", """{"datasetId":1,"datasetName":"x"}""", field: "datasetId");
        yield return Export("id a string", """{"datasetId":"x"}""", field: "datasetId");
        yield return Export("id a fraction", """{"datasetId":1.5}""", field: "datasetId");
        yield return Export("id negative", """{"datasetId":-5}""", field: "datasetId");
        yield return Export("id zero", """{"datasetId":0}""", field: "datasetId");
        yield return Export("name a number", """{"datasetName":5}""", field: "datasetName");
        yield return Export("name blank", """{"datasetName":"  "}""", field: "datasetId");
        yield return Export("name 201 characters", $$"""{"datasetName":"{{new string('d', 201)}}"}""",
            field: "datasetName");
        yield return Export("name a script tag, 1 MB", $$"""{"datasetName":"{{Script}}{{Big()}}"}""",
            field: "datasetName");
        yield return Export("unknown dataset", """{"datasetId":999999}""", 404);
        yield return Export("foreign dataset", """{"datasetId":{foreignDataset}}""", 404);
        yield return Export("foreign queue", """{"datasetName":"x"}""", 404, queue: "{foreignQueue}");
        yield return Export("unknown queue", """{"datasetName":"x"}""", 404, queue: "999999");
        yield return Export("by a viewer", """{"datasetName":"x"}""", 403)
            with { Authorization = $"Bearer {ViewerKey}" };
    }

    private static IEnumerable<MalformedCase> QueryCases()
    {
        MalformedCase Get(string name, string url, int status = 400, string? field = null) =>
            new($"GET {name}", "GET", url, null, status, Field: field);

        const string items = "/api/review/queues/{queue}/items";
        yield return Get("items: page 0", $"{items}?page=0", field: "page");
        yield return Get("items: page negative", $"{items}?page=-1", field: "page");
        yield return Get("items: page not a number", $"{items}?page=abc", field: "page");
        yield return Get("items: page twice", $"{items}?page=1&page=2", field: "page");
        yield return Get("items: page size 0", $"{items}?pageSize=0", field: "pageSize");
        yield return Get("items: page size 501", $"{items}?pageSize=501", field: "pageSize");
        yield return Get("items: page size in exponent form", $"{items}?pageSize=1e3", field: "pageSize");
        yield return Get("items: status unknown", $"{items}?status=DONE", field: "status");
        yield return Get("items: status a number", $"{items}?status=1", field: "status");
        yield return Get("items: sentiment unknown", $"{items}?sentiment=HAPPY", field: "sentiment");
        yield return Get("items: sort unknown", $"{items}?sort=Color", field: "sort");
        yield return Get("items: descending not a boolean", $"{items}?descending=maybe", field: "descending");
        yield return Get("items: label 201 characters", $"{items}?label={new string('l', 201)}", field: "label");
        yield return Get("items: search 201 characters", $"{items}?q={new string('q', 201)}", field: "q");
        yield return Get("items: reviewer 300 characters", $"{items}?reviewer={new string('r', 300)}",
            field: "reviewer");
        yield return Get("items: a foreign queue", "/api/review/queues/{foreignQueue}/items", 404);
        yield return Get("items: an unknown queue", "/api/review/queues/999999/items", 404);
        yield return Get("items: by a viewer", items, 403) with { Authorization = $"Bearer {ViewerKey}" };

        yield return Get("traces: status unknown", "/api/traces?status=FINE", field: "status");
        yield return Get("traces: from not a date", "/api/traces?from=yesterday", field: "from");
        yield return Get("traces: to not a date", "/api/traces?to=32-13-2026", field: "to");
        yield return Get("traces: hasAnnotations not a boolean", "/api/traces?hasAnnotations=perhaps",
            field: "hasAnnotations");
        yield return Get("traces: sort unknown", "/api/traces?sort=Colour", field: "sort");
        yield return Get("traces: page 0", "/api/traces?page=0", field: "page");
        yield return Get("traces: page size 9999", "/api/traces?pageSize=9999", field: "pageSize");
        yield return Get("traces: search 1 KB", $"/api/traces?q={new string('q', 1024)}", field: "q");
        yield return Get("traces: tag 101 characters", $"/api/traces?tag={new string('t', 101)}", field: "tag");
        yield return Get("traces: project a script tag", "/api/traces?project=%3Cscript%3Ealert(1)%3C/script%3E", 404);
        yield return Get("traces: project in upper case", "/api/traces?project=API-MAIN", 404);
        yield return Get("traces: foreign project", $"/api/traces?project={OtherSlug}", 404);
        yield return Get("trace: 201-character id", $"/api/traces/{new string('t', 201)}", 404);
        yield return Get("trace: a script tag id", "/api/traces/%3Cscript%3E", 404);
        yield return Get("trace: unknown id", "/api/traces/no-such-trace", 404);
        yield return Get("trace: foreign id", $"/api/traces/{OtherTraceId(1)}", 404);

        yield return Get("queue: id not a number", "/api/review/queues/abc", field: "queueId");
        yield return Get("queue: id negative", "/api/review/queues/-1", field: "queueId");
        yield return Get("queue: id too big", "/api/review/queues/99999999999999999999", field: "queueId");
        yield return Get("queue: foreign", "/api/review/queues/{foreignQueue}", 404);
        yield return Get("queue: unknown", "/api/review/queues/999999", 404);
        yield return Get("queues: by a viewer", "/api/review/queues", 403)
            with { Authorization = $"Bearer {ViewerKey}" };
        yield return Get("queues: foreign project", $"/api/review/queues?project={OtherSlug}", 404);
        yield return Get("item: id not a number", "/api/review/items/abc", field: "itemId");
        yield return Get("item: unknown", "/api/review/items/999999", 404);
        yield return Get("item: foreign", "/api/review/items/{foreignItem}", 404);
        yield return Get("dataset items: id not a number", "/api/datasets/abc/items", field: "datasetId");
        yield return Get("dataset items: unknown", "/api/datasets/999999/items", 404);
        yield return Get("dataset items: foreign", "/api/datasets/{foreignDataset}/items", 404);
        yield return Get("dataset items: foreign as JSON Lines", "/api/datasets/{foreignDataset}/items?format=jsonl",
            404);
        yield return Get("dataset items: format unknown", "/api/datasets/{dataset}/items?format=xml", field: "format");
        yield return Get("dataset items: page 0", "/api/datasets/{dataset}/items?page=0", field: "page");
        yield return Get("datasets: foreign project", $"/api/datasets?project={OtherSlug}", 404);
        yield return Get("an unknown API path", "/api/nothing/here", 404);
        yield return Get("queues: no key", "/api/review/queues", 401) with { Authorization = null };
        yield return Get("queues: basic authentication", "/api/review/queues", 401) with
        {
            Authorization = "Basic dXNlcjpwYXNz",
        };
        yield return Get("queues: a 10 KB bearer", "/api/review/queues", 401) with
        {
            Authorization = $"Bearer {new string('k', 10_000)}",
        };
        yield return Get("queues: a bearer with a script tag", "/api/review/queues", 401) with
        {
            Authorization = $"Bearer {Script}",
        };
        yield return Get("queues: the revoked key", "/api/review/queues", 401) with
        {
            Authorization = $"Bearer {RevokedKey}",
        };
    }

    private static IEnumerable<MalformedCase> TrpcCases()
    {
        MalformedCase Query(string name, string path, string? input, int status, string method = "GET") =>
            new($"trpc {name}", method,
                $"/api/trpc/{path}" + (input is null ? "" : $"?input={Uri.EscapeDataString(input)}"), null, status,
                Trpc: true);
        MalformedCase Mutation(string name, string path, string body, int status) =>
            new($"trpc {name}", "POST", $"/api/trpc/{path}", () => body, status, Trpc: true);

        yield return Query("getQueue: input not JSON", "review.getQueue", "not-json", 400);
        yield return Query("getQueue: input an unclosed object", "review.getQueue", "{", 400);
        yield return Query("getQueue: no input", "review.getQueue", null, 400);
        yield return Query("getQueue: empty object", "review.getQueue", "{}", 400);
        yield return Query("getQueue: queueId a string", "review.getQueue", """{"queueId":"x"}""", 400);
        yield return Query("getQueue: queueId negative", "review.getQueue", """{"queueId":-1}""", 400);
        yield return Query("getQueue: input an array", "review.getQueue", "[]", 400);
        yield return Query("getQueue: unknown queue", "review.getQueue", """{"queueId":999999}""", 404);
        yield return Query("getQueue: foreign queue", "review.getQueue", """{"queueId":{foreignQueue}}""", 404);
        yield return Query("getQueue: by a viewer", "review.getQueue", """{"queueId":{queue}}""", 403) with
        {
            Authorization = $"Bearer {ViewerKey}",
        };
        yield return Query("listQueues: project a number", "review.listQueues", """{"project":5}""", 400);
        yield return Query("listQueues: foreign project", "review.listQueues", $$"""{"project":"{{OtherSlug}}"}""",
            404);
        yield return Query("listQueues: no key", "review.listQueues", null, 401) with { Authorization = null };
        yield return Query("listQueues: revoked key", "review.listQueues", null, 401) with
        {
            Authorization = $"Bearer {RevokedKey}",
        };
        yield return Query("addItems by GET", "review.addItems", """{"queueId":{queue},"traceIds":["a"]}""", 405);
        yield return Query("createQueue by GET", "review.createQueue", """{"name":"by get"}""", 405);
        yield return Query("listQueues by POST", "review.listQueues", null, 405, "POST");
        yield return Query("addItems by PUT", "review.addItems", null, 405, "PUT");
        yield return Query("unknown procedure", "review.dropTables", null, 404);
        yield return Query("procedure named by a script tag", "%3Cscript%3E", null, 404);
        yield return new("trpc batch: input an array", "GET",
            $"/api/trpc/review.getQueue,review.getQueue?batch=1&input={Uri.EscapeDataString("[1,2]")}", null, 400,
            Trpc: true);
        yield return new("trpc batch: input not JSON", "GET",
            $"/api/trpc/review.getQueue?batch=1&input={Uri.EscapeDataString("{\"0\":")}", null, 400, Trpc: true);
        yield return new("trpc batch: 51 calls", "GET",
            "/api/trpc/" + string.Join(",", Enumerable.Repeat("review.listQueues", 51)) + "?batch=1", null, 400,
            Trpc: true);
        yield return new("trpc batch: two bad inputs", "GET",
            "/api/trpc/review.getQueue,review.getQueue?batch=1&input="
            + Uri.EscapeDataString("""{"0":{},"1":{"queueId":"x"}}"""),
            null, 400, Trpc: true);
        yield return new("trpc batch: two mutations with bad inputs", "POST",
            "/api/trpc/review.addItems,review.createQueue?batch=1",
                () => """{"0":{"queueId":{queue}},"1":{"name":""}}""",
            400, Trpc: true);

        yield return Mutation("addItems: queueId a string", "review.addItems", """{"queueId":"x","traceIds":["a"]}""",
            400);
        yield return Mutation("addItems: queueId missing", "review.addItems", """{"traceIds":["a"]}""", 400);
        yield return Mutation("addItems: traceIds missing", "review.addItems", """{"queueId":{queue}}""", 400);
        yield return Mutation("addItems: traceIds a string", "review.addItems",
            """{"queueId":{queue},"traceIds":"a"}""", 400);
        yield return Mutation("addItems: trace id a number", "review.addItems",
            """{"queueId":{queue},"traceIds":[1]}""", 400);
        yield return Mutation("addItems: trace id 1 MB", "review.addItems",
            $$$"""{"queueId":{queue},"traceIds":["{{{Big()}}}"]}""", 400);
        yield return Mutation("addItems: 10,001 trace ids", "review.addItems",
            "{\"queueId\":{queue},\"traceIds\":[" + string.Join(",", Enumerable.Range(0,
                10_001).Select(i => $"\"{i}\""))
            + "]}", 413);
        yield return Mutation("addItems: an archived queue", "review.addItems",
            $$$"""{"queueId":{archived},"traceIds":["{{{TraceId(9)}}}"]}""", 409);
        yield return Mutation("addItems: a foreign queue", "review.addItems",
            """{"queueId":{foreignQueue},"traceIds":["a"]}""", 404);
        yield return Mutation("addItems: by a viewer", "review.addItems",
            $$$"""{"queueId":{queue},"traceIds":["{{{TraceId(9)}}}"]}""", 403)
                with { Authorization = $"Bearer {ViewerKey}" };
        yield return Mutation("createQueue: name empty", "review.createQueue", """{"name":""}""", 400);
        yield return Mutation("createQueue: name a number", "review.createQueue", """{"name":5}""", 400);
        yield return Mutation("createQueue: name a script tag, 1 MB", "review.createQueue",
            $$"""{"name":"{{Script}}{{Big()}}"}""", 400);
        yield return Mutation("createQueue: foreign project", "review.createQueue",
            $$"""{"name":"x","project":"{{OtherSlug}}"}""", 404);
        yield return Mutation("createQueue: by a viewer", "review.createQueue", """{"name":"x"}""", 403) with
        {
            Authorization = $"Bearer {ViewerKey}",
        };
        yield return Mutation("exportToDataset: neither id nor name", "review.exportToDataset",
            """{"queueId":{queue}}""", 400);
        yield return Mutation("exportToDataset: id a string", "review.exportToDataset",
            """{"queueId":{queue},"datasetId":"x"}""", 400);
        yield return Mutation("exportToDataset: foreign dataset", "review.exportToDataset",
            """{"queueId":{queue},"datasetId":{foreignDataset}}""", 404);
        yield return Mutation("exportToDataset: by a viewer", "review.exportToDataset",
            """{"queueId":{queue},"datasetName":"x"}""", 403) with { Authorization = $"Bearer {ViewerKey}" };
        yield return Mutation("exportToDataset: empty body", "review.exportToDataset", "", 400);
    }

    private static string Big() => new('b', 1024 * 1024);

    /// <summary>One malformed request; <see cref="Body"/> is made when sent so that big bodies are not kept.</summary>
    public sealed record MalformedCase(
        string Name,
        string Method,
        string Url,
        Func<string>? Body,
        int Status,
        bool Trpc = false,
        string? ContentType = "application/json",
        string? Authorization = "Bearer " + MemberKey,
        string? Field = null)
    {
        public bool IsTrpc => Trpc;
    }
}
