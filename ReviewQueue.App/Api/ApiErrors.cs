using ReviewQueue.Core.Common;

namespace ReviewQueue.App.Api;

/// <summary>
/// The one place where Core's expected failures become HTTP answers: each <see cref="ErrorKind"/>
/// has its status, and every error is written as <c>application/problem+json</c> with a
/// <c>detail</c> a person can act on and, for bad fields, <c>errors</c> by field.
/// </summary>
public static class ApiErrors
{
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The same mapping for the tRPC wire format.</summary>
    public static TrpcCode TrpcCodeFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => TrpcCode.BadRequest,
        ErrorKind.NotFound => TrpcCode.NotFound,
        ErrorKind.Forbidden => TrpcCode.Forbidden,
        ErrorKind.Conflict => TrpcCode.Conflict,
        ErrorKind.TooLarge => TrpcCode.PayloadTooLarge,
        _ => TrpcCode.BadRequest,
    };

    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid.",
        StatusCodes.Status401Unauthorized => "Not signed in.",
        StatusCodes.Status403Forbidden => "Your role does not allow this.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
        StatusCodes.Status409Conflict => "The request conflicts with the current state.",
        StatusCodes.Status413PayloadTooLarge => "The request is too large.",
        StatusCodes.Status500InternalServerError => "The server failed.",
        _ => "The request failed.",
    };

    /// <summary>The answer to a failed Core call.</summary>
    public static IResult Problem(Error error) => Problem(StatusFor(error.Kind), error.Message, error.Fields);

    public static IResult Problem(int status, string detail, IReadOnlyDictionary<string, string[]>? fields = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (fields is { Count: > 0 })
            extensions["errors"] = fields;

        return TypedResults.Problem(detail, statusCode: status, title: TitleFor(status), extensions: extensions);
    }

    /// <summary>Turns a Core result into the answer: the mapped value, or the problem.</summary>
    public static IResult From<T, TDto>(Result<T> result, Func<T, TDto> map) =>
        result.IsSuccess ? TypedResults.Ok(map(result.Ok)) : Problem(result.Error!);
}
