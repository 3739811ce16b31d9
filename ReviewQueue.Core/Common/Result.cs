namespace ReviewQueue.Core.Common;

/// <summary>The kinds of expected failure that every front end maps to its own answer.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    TooLarge,
}

/// <summary>An expected failure: what went wrong, said so that a person can act on it.</summary>
public sealed record Error(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static Error Invalid(string message) => new(ErrorKind.Invalid, message);

    public static Error InvalidField(string field, string message) =>
        new(ErrorKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public static Error InvalidFields(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, string.Join(" ", fields.SelectMany(f => f.Value)), fields);

    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);

    public static Error TooLarge(string message) => new(ErrorKind.TooLarge, message);
}

/// <summary>The outcome of an operation that has no value to return.</summary>
public readonly record struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Success() => new(null);

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => new(error);
}

/// <summary>The outcome of an operation: a value, or the expected failure that refused it.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value, for callers that have already checked <see cref="IsSuccess"/>.</summary>
    public T Ok => IsSuccess ? Value! : throw new InvalidOperationException($"Result failed: {Error!.Message}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
