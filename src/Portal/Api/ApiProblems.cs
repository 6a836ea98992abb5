using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Api;

/// Errors of the API as problem details (RFC 9457): a status, a title, a detail, and for refused input an
/// "errors" object with the messages per field (the field names as the client sent them).
public static class ApiProblems
{
    /// Whatever the client's Accept header says: an API error is always problem JSON.
    public static Task WriteAsync(HttpContext context, int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status).ExecuteAsync(context);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);
}

/// Collects refused fields of one request, then answers them all at once.
public sealed class ApiErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public ApiErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public ValidationProblem ToProblem() => ApiProblems.Invalid(ToDictionary());

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
