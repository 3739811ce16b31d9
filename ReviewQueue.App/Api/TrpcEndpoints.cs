using System.Text;
using System.Text.Json;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Api;

/// <summary>tRPC's error codes: the JSON-RPC number, the name and the HTTP status tRPC gives each.</summary>
public enum TrpcCode
{
    ParseError,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotSupported,
    Conflict,
    PayloadTooLarge,
    InternalServerError,
}

/// <summary>Input of <c>review.listQueues</c>; the project defaults as in the REST API.</summary>
public sealed record TrpcListQueuesInput(string? Project);

/// <summary>Input of <c>review.getQueue</c>.</summary>
public sealed record TrpcGetQueueInput(long? QueueId);

/// <summary>Input of <c>review.createQueue</c>.</summary>
public sealed record TrpcCreateQueueInput(string? Name, string? Description, string? Project);

/// <summary>Input of <c>review.addItems</c>.</summary>
public sealed record TrpcAddItemsInput(long? QueueId, IReadOnlyList<string?>? TraceIds);

/// <summary>Input of <c>review.exportToDataset</c>.</summary>
public sealed record TrpcExportInput(long? QueueId, long? DatasetId, string? DatasetName);

/// <summary>
/// The review procedures over tRPC's HTTP wire format, so that an unmodified <c>@trpc/client</c>
/// (v11, httpLink or httpBatchLink, no transformer) works: queries by GET with <c>?input=</c>,
/// mutations by POST with the input as the body, <c>?batch=1</c> with comma-separated paths and
/// inputs keyed by index, results as <c>{"result":{"data":…}}</c> and tRPC's error shape.
/// </summary>
public static partial class TrpcEndpoints
{
    /// <summary>More calls than this in one batch is refused.</summary>
    public const int MaxBatchCalls = 50;

    private static readonly Dictionary<string, Procedure> Procedures = new(StringComparer.Ordinal)
    {
        ["review.listQueues"] = new(IsQuery: true, ListQueuesAsync),
        ["review.getQueue"] = new(IsQuery: true, GetQueueAsync),
        ["review.createQueue"] = new(IsQuery: false, CreateQueueAsync),
        ["review.addItems"] = new(IsQuery: false, AddItemsAsync),
        ["review.exportToDataset"] = new(IsQuery: false, ExportAsync),
    };

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void MapTrpcEndpoints(this RouteGroupBuilder api) =>
        api.MapMethods("/trpc/{procedure}", Methods, HandleAsync).ExcludeFromDescription();

    /// <summary>Writes one error answer in tRPC's shape, for failures before any procedure runs.</summary>
    public static Task WriteErrorAsync(HttpContext context, TrpcCode code, string message) =>
        WriteAsync(context, Status(code), ErrorShape(new Failure(code, message), path: null));

    private static async Task HandleAsync(string procedure, HttpContext context, ILoggerFactory loggers)
    {
        var ct = context.RequestAborted;
        var isBatch = context.Request.Query["batch"] == "1";
        var paths = isBatch ? procedure.Split(',') : [procedure];
        if (paths.Length > MaxBatchCalls)
        {
            await WriteErrorAsync(context, TrpcCode.BadRequest,
                $"A batch holds at most {MaxBatchCalls} calls; got {paths.Length}.");
            return;
        }

        var inputs = await ReadInputsAsync(context, isBatch, ct);
        if (inputs.Failure is { } refused)
        {
            await WriteAsync(context, Status(refused.Code), ErrorShape(refused, path: null));
            return;
        }

        var caller = ApiRequest.Caller(context);
        var answers = new List<(object Body, int Status)>(paths.Length);
        for (var i = 0; i < paths.Length; i++)
        {
            var input = inputs.Value is { } all && all.TryGetValue(i, out var value) ? value : (JsonElement?)null;
            var outcome = await CallAsync(paths[i], context, caller, input, loggers, ct);
            answers.Add(outcome.Failure is { } failure
                ? (ErrorShape(failure, paths[i]), Status(failure.Code))
                : (new { result = new { data = outcome.Data } }, StatusCodes.Status200OK));
        }

        if (!isBatch)
        {
            await WriteAsync(context, answers[0].Status, answers[0].Body);
            return;
        }

        var statuses = answers.Select(a => a.Status).Distinct().ToList();
        var status = statuses.Count == 1 ? statuses[0] : StatusCodes.Status207MultiStatus;
        await WriteAsync(context, status, answers.Select(a => a.Body).ToList());
    }

    private static async Task<Outcome> CallAsync(string path, HttpContext context, Caller caller, JsonElement? input,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!Procedures.TryGetValue(path, out var procedure))
            return new Failure(TrpcCode.NotFound, $"No procedure found on path \"{ApiRequest.Shorten(path)}\"");

        var method = context.Request.Method;
        var allowed = procedure.IsQuery ? HttpMethods.IsGet(method) : HttpMethods.IsPost(method);
        if (!allowed)
        {
            var type = procedure.IsQuery ? "query" : "mutation";
            return new Failure(TrpcCode.MethodNotSupported,
                $"Unsupported {method}-request to {type} procedure at path \"{path}\"");
        }

        try
        {
            return await procedure.Run(new Call(context, caller, input, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogProcedureFailed(loggers.CreateLogger(typeof(TrpcEndpoints)), e, path);
            return new Failure(TrpcCode.InternalServerError, "The procedure failed; the error has been logged.");
        }
    }

    private static async Task<Inputs> ReadInputsAsync(HttpContext context, bool isBatch, CancellationToken ct)
    {
        var request = context.Request;
        JsonDocument? document;
        if (HttpMethods.IsGet(request.Method))
        {
            if (!request.Query.TryGetValue("input", out var raw))
                return new Inputs(null, null);

            var parsed = ApiJson.Parse(Encoding.UTF8.GetBytes(raw.ToString()));
            if (!parsed.IsSuccess)
                return new Inputs(null, new Failure(TrpcCode.ParseError, "The input is not valid JSON."));
            document = parsed.Ok;
        }
        else
        {
            if (request.ContentLength > ApiJson.MaxBodyBytes)
                return new Inputs(null, TooLarge());
            var bytes = await ApiJson.ReadCappedAsync(request, ApiJson.MaxBodyBytes, ct);
            if (bytes is null)
                return new Inputs(null, TooLarge());
            if (bytes.Length == 0)
                return new Inputs(null, null);
            if (!ApiJson.IsJsonContentType(request.ContentType))
            {
                return new Inputs(null, new Failure(TrpcCode.BadRequest,
                    "Send the input as JSON with the header \"Content-Type: application/json\"."));
            }

            var parsed = ApiJson.Parse(bytes);
            if (!parsed.IsSuccess)
                return new Inputs(null, new Failure(TrpcCode.ParseError, "The body is not valid JSON."));
            document = parsed.Ok;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!isBatch)
                return new Inputs(new Dictionary<int, JsonElement> { [0] = root.Clone() }, null);

            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Inputs(null, new Failure(TrpcCode.BadRequest,
                    "\"input\" needs to be an object when doing a batch call"));
            }

            var byIndex = new Dictionary<int, JsonElement>();
            foreach (var property in root.EnumerateObject())
            {
                if (int.TryParse(property.Name, out var index) && index >= 0)
                    byIndex[index] = property.Value.Clone();
            }

            return new Inputs(byIndex, null);
        }
    }

    private static Failure TooLarge() =>
        new(TrpcCode.PayloadTooLarge,
            $"The request body is larger than the limit of {ApiJson.MaxBodyBytes / (1024 * 1024)} MB.");

    private static async Task<Outcome> ListQueuesAsync(Call call)
    {
        var input = call.Input<TrpcListQueuesInput>(optional: true);
        if (input.Failure is { } bad)
            return bad;

        var project = await ApiRequest.ProjectAsync(call.Service<ProjectAccess>(), call.Caller,
            input.Value?.Project, Permission.ViewQueues, call.Ct);
        if (!project.IsSuccess)
            return Failure.From(project.Error!);

        var queues = await call.Service<QueueService>().ListAsync(call.Caller, project.Ok.Id, call.Ct);
        return Outcome.From(queues, list => list.Select(QueueDto.From).ToList());
    }

    private static async Task<Outcome> GetQueueAsync(Call call)
    {
        var input = call.Input<TrpcGetQueueInput>();
        if (input.Failure is { } bad)
            return bad;
        if (QueueIdFailure(input.Value!.QueueId) is { } noId)
            return noId;

        var queue = await call.Service<QueueService>().GetAsync(call.Caller, input.Value.QueueId!.Value, call.Ct);
        return Outcome.From(queue, QueueDto.From);
    }

    private static async Task<Outcome> CreateQueueAsync(Call call)
    {
        var input = call.Input<TrpcCreateQueueInput>();
        if (input.Failure is { } bad)
            return bad;

        var (name, description, slug) = input.Value!;
        var project = await ApiRequest.ProjectAsync(call.Service<ProjectAccess>(), call.Caller, slug,
            Permission.CreateQueues, call.Ct);
        if (!project.IsSuccess)
            return Failure.From(project.Error!);

        var created = await call.Service<QueueService>().CreateAsync(call.Caller, project.Ok.Id, name, description,
            call.Ct);
        return Outcome.From(created, QueueDto.From);
    }

    private static async Task<Outcome> AddItemsAsync(Call call)
    {
        var input = call.Input<TrpcAddItemsInput>();
        if (input.Failure is { } bad)
            return bad;
        if (QueueIdFailure(input.Value!.QueueId) is { } noId)
            return noId;

        var added = await QueueEndpoints.AddTracesAsync(call.Caller, input.Value.QueueId!.Value,
            new AddItemsRequest(input.Value.TraceIds), call.Service<ReviewItemService>(), call.Ct);
        return Outcome.From(added, r => r);
    }

    private static async Task<Outcome> ExportAsync(Call call)
    {
        var input = call.Input<TrpcExportInput>();
        if (input.Failure is { } bad)
            return bad;
        if (QueueIdFailure(input.Value!.QueueId) is { } noId)
            return noId;

        var exported = await QueueEndpoints.ExportQueueAsync(call.Caller, input.Value.QueueId!.Value,
            new ExportRequest(input.Value.DatasetId, input.Value.DatasetName), call.Service<ExportService>(), call.Ct);
        return Outcome.From(exported, r => r);
    }

    private static Failure? QueueIdFailure(long? queueId) =>
        queueId is > 0
            ? null
            : Failure.From(Error.InvalidField("queueId", "\"queueId\" is required: a positive whole number."));

    private static int Status(TrpcCode code) => code switch
    {
        TrpcCode.ParseError or TrpcCode.BadRequest => StatusCodes.Status400BadRequest,
        TrpcCode.Unauthorized => StatusCodes.Status401Unauthorized,
        TrpcCode.Forbidden => StatusCodes.Status403Forbidden,
        TrpcCode.NotFound => StatusCodes.Status404NotFound,
        TrpcCode.MethodNotSupported => StatusCodes.Status405MethodNotAllowed,
        TrpcCode.Conflict => StatusCodes.Status409Conflict,
        TrpcCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static (int Number, string Name) Describe(TrpcCode code) => code switch
    {
        TrpcCode.ParseError => (-32700, "PARSE_ERROR"),
        TrpcCode.BadRequest => (-32600, "BAD_REQUEST"),
        TrpcCode.Unauthorized => (-32001, "UNAUTHORIZED"),
        TrpcCode.Forbidden => (-32003, "FORBIDDEN"),
        TrpcCode.NotFound => (-32004, "NOT_FOUND"),
        TrpcCode.MethodNotSupported => (-32005, "METHOD_NOT_SUPPORTED"),
        TrpcCode.Conflict => (-32009, "CONFLICT"),
        TrpcCode.PayloadTooLarge => (-32013, "PAYLOAD_TOO_LARGE"),
        _ => (-32603, "INTERNAL_SERVER_ERROR"),
    };

    private static object ErrorShape(Failure failure, string? path)
    {
        var (number, name) = Describe(failure.Code);
        var data = new Dictionary<string, object?>
        {
            ["code"] = name,
            ["httpStatus"] = Status(failure.Code),
        };
        if (path is not null)
            data["path"] = path;
        if (failure.Fields is { Count: > 0 })
            data["errors"] = failure.Fields;

        return new { error = new { message = failure.Message, code = number, data } };
    }

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, body.GetType(), ApiJson.Options, "application/json",
            context.RequestAborted);
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "tRPC procedure {Path} failed")]
    private static partial void LogProcedureFailed(ILogger logger, Exception exception, string path);

    private sealed record Procedure(bool IsQuery, Func<Call, Task<Outcome>> Run);

    private sealed record Inputs(Dictionary<int, JsonElement>? Value, Failure? Failure);

    private sealed record Failure(TrpcCode Code, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
    {
        public static Failure From(Error error) => new(ApiErrors.TrpcCodeFor(error.Kind), error.Message, error.Fields);
    }

    private sealed record Outcome(object? Data, Failure? Failure)
    {
        public static implicit operator Outcome(Failure failure) => new(null, failure);

        public static Outcome From<T, TDto>(Result<T> result, Func<T, TDto> map) =>
            result.IsSuccess ? new Outcome(map(result.Ok), null) : Failure.From(result.Error!);
    }

    private sealed record Parsed<T>(T? Value, Failure? Failure);

    private sealed record Call(HttpContext Context, Caller Caller, JsonElement? Raw, CancellationToken Ct)
    {
        public T Service<T>()
            where T : notnull => Context.RequestServices.GetRequiredService<T>();

        /// <summary>The input as <typeparamref name="T"/>; a missing one is refused unless optional.</summary>
        public Parsed<T> Input<T>(bool optional = false)
            where T : class
        {
            if (Raw is not { } raw || raw.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                return optional
                    ? new Parsed<T>(null, null)
                    : new Parsed<T>(null, new Failure(TrpcCode.BadRequest, "This procedure needs an input object."));
            }

            var converted = ApiJson.Convert<T>(raw);
            return converted.IsSuccess
                ? new Parsed<T>(converted.Ok, null)
                : new Parsed<T>(null, Failure.From(converted.Error!));
        }
    }
}
