using System.Text.Json;

namespace ReviewQueue.Tests.Api;

/// <summary>The OpenAPI document describes every REST call of SPEC.md, with bodies and enums by name.</summary>
public sealed class OpenApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/api/traces", "post")]
    [InlineData("/api/traces", "get")]
    [InlineData("/api/traces/{traceId}", "get")]
    [InlineData("/api/review/queues", "get")]
    [InlineData("/api/review/queues", "post")]
    [InlineData("/api/review/queues/{queueId}", "get")]
    [InlineData("/api/review/queues/{queueId}", "patch")]
    [InlineData("/api/review/queues/{queueId}", "delete")]
    [InlineData("/api/review/queues/{queueId}/items", "post")]
    [InlineData("/api/review/queues/{queueId}/items", "get")]
    [InlineData("/api/review/queues/{queueId}/next", "post")]
    [InlineData("/api/review/queues/{queueId}/export", "post")]
    [InlineData("/api/review/items/{itemId}", "get")]
    [InlineData("/api/review/items/{itemId}/review", "post")]
    [InlineData("/api/review/items/{itemId}/skip", "post")]
    [InlineData("/api/review/items/{itemId}/release", "post")]
    [InlineData("/api/review/items/{itemId}/reopen", "post")]
    [InlineData("/api/review/items/{itemId}/renew", "post")]
    [InlineData("/api/datasets", "get")]
    [InlineData("/api/datasets/{datasetId}/items", "get")]
    public async Task DescribesEveryCall(string path, string method)
    {
        var document = await DocumentAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        operation.GetProperty("summary").GetString().Should().NotBeNullOrWhiteSpace();
        var responses = operation.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "409", "413" })
            responses.TryGetProperty(status, out _).Should().BeTrue($"{method} {path} lists {status}");
        if (method is "post" or "patch" && !path.EndsWith("next", StringComparison.Ordinal)
            && !path.StartsWith("/api/review/items/{itemId}/", StringComparison.Ordinal))
        {
            operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _)
                .Should().BeTrue();
        }
    }

    [Fact]
    public async Task ReviewBodiesHaveEnumsByName()
    {
        var document = await DocumentAsync();

        var body = document.GetProperty("paths").GetProperty("/api/review/items/{itemId}/review")
            .GetProperty("post").GetProperty("requestBody").GetRawText();
        var schemas = document.GetProperty("components").GetProperty("schemas").GetRawText();

        (body + schemas).Should().Contain("\"APPROVED\"").And.Contain("\"NEGATIVE\"");
    }

    [Fact]
    public async Task IdsAreIntegersAndTheApiKeyIsABearerScheme()
    {
        var document = await DocumentAsync();

        var parameter = document.GetProperty("paths").GetProperty("/api/review/queues/{queueId}")
            .GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "queueId");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");

        parameter.GetProperty("schema").GetProperty("type").GetString().Should().Be("integer");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");
        document.GetProperty("security")[0].TryGetProperty("ApiKey", out _).Should().BeTrue();
    }

    private async Task<JsonElement> DocumentAsync() =>
        await (await fixture.Client(null).GetAsync("/openapi/v1.json")).ReadJsonAsync();
}
