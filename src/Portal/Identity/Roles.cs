namespace Portal.Identity;

public static class Roles
{
    public const string Customer = "Customer";
    public const string CustomerAdmin = "CustomerAdmin";
    public const string InsideSales = "InsideSales";
    public const string ProductManager = "ProductManager";
    public const string Admin = "Admin";

    public static readonly string[] All = [Customer, CustomerAdmin, InsideSales, ProductManager, Admin];
    public static readonly string[] Staff = [InsideSales, ProductManager, Admin];

    /// The English name shown for a role (and the key of its translation).
    public static string DisplayName(string role) => role switch
    {
        Customer => "Buyer",
        CustomerAdmin => "Company administrator",
        InsideSales => "Inside sales",
        ProductManager => "Product manager",
        Admin => "Administrator",
        _ => role,
    };
}

public static class Policies
{
    public const string Buyer = "Buyer";
    public const string CompanyAdmin = "CompanyAdmin";
    public const string Sales = "Sales";
    public const string ProductManagement = "ProductManagement";
    public const string Administration = "Administration";

    /// The economics cockpit: everyone on the seller's staff.
    public const string Insights = "Insights";
}

public static class PortalClaims
{
    /// The customer company id of a customer user. Customer data is filtered by this claim, never by an id from a form.
    public const string CustomerId = "portal:customer_id";
    public const string CustomerName = "portal:customer_name";
    public const string DisplayName = "portal:display_name";
}
