namespace Portal.Api;

/// What an API client may do. Each scope is an authorization policy of the same name (ApiExtensions).
public static class ApiScopes
{
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string CatalogWrite = "catalog:write";
    public const string CustomersWrite = "customers:write";

    public static readonly string[] All = [OrdersRead, OrdersWrite, CatalogWrite, CustomersWrite];

    /// The English description shown beside a scope (and the key of its translation).
    public static string DisplayName(string scope) => scope switch
    {
        OrdersRead => "Read orders",
        OrdersWrite => "Acknowledge orders, report shipments, invoices and cancellations",
        CatalogWrite => "Update products, prices and stock",
        CustomersWrite => "Update customers",
        _ => scope,
    };

    /// The scopes named in a list ("orders:read,orders:write" or space-separated), or the unknown ones.
    public static (IReadOnlyList<string> Scopes, IReadOnlyList<string> Unknown) Parse(IEnumerable<string> names)
    {
        var requested = names.SelectMany(n => n.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var unknown = requested.Where(s => !All.Contains(s, StringComparer.Ordinal)).Distinct().ToList();
        return (All.Where(requested.Contains).ToList(), unknown);
    }
}

public static class ApiClaims
{
    public const string ClientId = "portal:api_client_id";
    public const string Scope = "scope";
}
