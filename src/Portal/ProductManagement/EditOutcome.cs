namespace Portal.ProductManagement;

/// What a product manager's change came to, for the page to say: done, refused with the reason (nothing was
/// saved), or the item no longer exists. Messages are English keys with their arguments; the page translates them
/// once, in the reader's language.
public sealed record EditOutcome(EditOutcome.Result Is, string Message, object[] Arguments)
{
    public enum Result
    {
        Done,
        Refused,
        NotFound,
    }

    public static EditOutcome Done(string message, params object[] arguments) => new(Result.Done, message, arguments);

    public static EditOutcome Refused(string message, params object[] arguments) => new(Result.Refused, message, arguments);

    public static readonly EditOutcome NotFound = new(Result.NotFound, "", []);
}

/// A refused input of a form with several fields: Field is the form's field name, Message an English key with its
/// arguments, translated by the page.
public sealed record FieldError(string Field, string Message, params object[] Arguments);
