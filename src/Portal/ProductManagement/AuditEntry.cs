using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.ProductManagement;

/// One change to the offer (a product, pack size, catalog, price list, service module, order rule …): who made it,
/// when, to which item, and what changed field by field. Written in the same unit of work as the change itself,
/// so there is never a change without its entry or an entry for a change that was rolled back.
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// The staff user; null when the change came from the command line or a job.
    public string? UserId { get; set; }

    /// The user's name as it was at the time (users can be renamed or deactivated later).
    public required string UserName { get; set; }

    /// What kind of item changed: one of AuditItemTypes.
    public required string ItemType { get; set; }

    /// The item's key inside its type: its id as text (ids are stable, codes and SKUs can be edited).
    public required string ItemKey { get; set; }

    /// A readable name of the item at the time ("Wall paint white – Can 2.5 l"), for lists across items.
    public string ItemName { get; set; } = "";

    public AuditAction Action { get; set; }

    /// What changed, one "Field: old → new" per line (see AuditTrail.Describe).
    public string Changes { get; set; } = "";
}

public enum AuditAction
{
    Created = 0,
    Changed = 1,
    Deactivated = 2,
    Reactivated = 3,
    Deleted = 4,
    Imported = 5,
    PasswordReset = 6,
    SignedOut = 7,
}

public static class AuditActions
{
    /// The English name shown for an action (and the key of its translation).
    public static string DisplayName(this AuditAction action) => action switch
    {
        AuditAction.PasswordReset => "Password reset sent",
        AuditAction.SignedOut => "Signed out everywhere",
        _ => action.ToString(),
    };
}

/// The item types written by product management. Other features add their own constants here.
public static class AuditItemTypes
{
    public const string Product = "Product";
    public const string PackSize = "PackSize";
    public const string Catalog = "Catalog";
    public const string PriceList = "PriceList";
    public const string ServiceModule = "ServiceModule";
    public const string OrderRule = "OrderRule";
    public const string Partner = "Partner";

    /// Staff accounts (admin area); not part of the product-management trail.
    public const string StaffUser = "StaffUser";

    /// API clients (admin area), and what API clients change through the API (orders: acknowledgements, shipments,
    /// invoices, cancellations), under the client's name.
    public const string ApiClient = "ApiClient";
    public const string Order = "Order";

    /// Customers as the ERP sends them through the API (credit limit, blocked, addresses, potential).
    public const string Customer = "Customer";

    /// Webhook endpoints (admin area).
    public const string Webhook = "Webhook";

    public static readonly string[] All = [Product, PackSize, Catalog, PriceList, ServiceModule, OrderRule, Partner];

    /// The English name shown for a type (and the key of its translation).
    public static string DisplayName(string type) => type switch
    {
        PackSize => "Pack size",
        PriceList => "Price list",
        ServiceModule => "Service module",
        OrderRule => "Order rule",
        StaffUser => "Staff user",
        ApiClient => "API client",
        _ => type,
    };
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(e => new { e.ItemType, e.ItemKey, e.At });
        builder.HasIndex(e => e.At);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.UserName).HasMaxLength(200);
        builder.Property(e => e.ItemType).HasMaxLength(32);
        builder.Property(e => e.ItemKey).HasMaxLength(64);
        builder.Property(e => e.ItemName).HasMaxLength(300);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Changes).HasMaxLength(8000);
    }
}
