namespace Portal.Api;

/// A new API client as an admin or the command line describes it, checked in one place. Errors are keyed "Name" and
/// "Scopes"; texts are English translation keys (the admin page translates them, the command line prints them).
public sealed record ApiClientInput(string Name, IReadOnlyList<string> Scopes, IReadOnlyDictionary<string, string> Errors)
{
    public static ApiClientInput Check(string? name, IEnumerable<string> scopes)
    {
        var errors = new Dictionary<string, string>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > ApiClients.NameLength)
        {
            errors["Name"] = "Please enter a name of at most 100 characters.";
        }

        var (known, unknown) = ApiScopes.Parse(scopes);
        if (unknown.Count > 0)
        {
            errors["Scopes"] = $"Unknown scope: {string.Join(", ", unknown)}. Known scopes: {string.Join(", ", ApiScopes.All)}.";
        }
        else if (known.Count == 0)
        {
            errors["Scopes"] = "Please choose at least one scope.";
        }

        return new ApiClientInput(trimmed, known, errors);
    }
}
