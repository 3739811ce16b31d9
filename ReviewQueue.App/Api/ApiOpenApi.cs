using Microsoft.OpenApi;

namespace ReviewQueue.App.Api;

/// <summary>OpenAPI descriptions that must not change how requests are routed.</summary>
public static class ApiOpenApi
{
    /// <summary>
    /// Describes a JSON request body of type <typeparamref name="T"/>. Unlike <c>Accepts</c>, this
    /// adds no content-type constraint to routing, so a body sent with the wrong type still
    /// reaches the endpoint and gets a problem that says what to send, not a bare 415.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                },
            };
        });
}
