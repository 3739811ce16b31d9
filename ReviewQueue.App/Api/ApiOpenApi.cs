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

    public const string SecuritySchemeName = "ApiKey";

    /// <summary>The document's title, description and the bearer API key every call accepts.</summary>
    public static Task DescribeDocument(OpenApiDocument document)
    {
        document.Info.Title = "ReviewQueue API";
        document.Info.Description =
            "Ingest traces, run review queues and export datasets. Authenticate with the sign-in cookie or "
            + "a project API key as 'Authorization: Bearer <key>'. Errors are application/problem+json. "
            + "The review procedures are also served over tRPC's wire format at /api/trpc/{procedure}.";

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A project API key; it acts in its project with the role it was given.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new(SecuritySchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    /// <summary>Route ids are bound as text to give clear errors; the document says they are numbers.</summary>
    public static Task DescribeIds(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter
                { In: ParameterLocation.Path, Name: "queueId" or "itemId" or "datasetId" } id)
                id.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        }

        return Task.CompletedTask;
    }
}
