using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;
using Portal.Customers;

namespace Portal.Ordering;

public class Order
{
    public int Id { get; set; }

    /// Shown to the customer and used as the natural key of imported orders.
    public required string Number { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }

    /// The user who placed it (a buyer, or inside sales on the phone); null for imported history.
    public string? PlacedByUserId { get; set; }
    public DateTimeOffset PlacedAt { get; set; }

    /// How the order came in; the cost to serve is computed from it.
    public OrderChannel Channel { get; set; }
    public OrderStatus Status { get; set; }
    public PaymentMethod PaymentMethod { get; set; }

    /// The buyer's own order reference (PO number).
    public string? CustomerReference { get; set; }
    public string? Comment { get; set; }
    public DateOnly? RequestedDeliveryDate { get; set; }
    public string? DeliveryAddress { get; set; }

    /// The delivery option chosen, as named at the time.
    public string? DeliveryMethod { get; set; }

    /// The checkout form's one-time key: placing the same form twice finds the first order instead of making a second.
    public string? IdempotencyKey { get; set; }

    /// For an order placed through the API: the hash of the request it was placed with, so that the same
    /// Idempotency-Key with another body is refused rather than answered with this order (ApiOrders).
    public string? RequestHash { get; set; }

    public decimal SubtotalNet { get; set; }
    public decimal SurchargeNet { get; set; }
    public decimal DeliveryNet { get; set; }

    /// The partner drop-ship fee (a service module), charged once per partner that ships lines of this order.
    public decimal DropShipNet { get; set; }
    public decimal VatTotal { get; set; }
    public decimal TotalGross { get; set; }
    public string Currency { get; set; } = "EUR";

    /// The order's place in the ERP's order feed (GET /api/v1/orders), given once it is released (confirmed); null
    /// before that and for imported history. See Api/OrderFeed for why a sequence and not the id.
    public long? FeedSequence { get; set; }

    /// The ERP's own number for this order, once the ERP has acknowledged it; shown to the buyer.
    public string? ErpOrderNumber { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    /// What the order costs the company net: goods, surcharge, delivery and drop-ship (limits and budgets count it).
    public decimal TotalNet => SubtotalNet + SurchargeNet + DeliveryNet + DropShipNet;
}

public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int LineNumber { get; set; }
    public int? PackSizeId { get; set; }

    /// Snapshots: an order keeps what was ordered even when the pack size changes later.
    public required string Sku { get; set; }
    public required string Description { get; set; }

    /// Packs ordered; negative for returns and credit notes in imported history.
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal? CostPrice { get; set; }
    public decimal TaxRate { get; set; }
    public decimal LineNet { get; set; }

    /// A line that belongs to a bundle: the bundle's own line number. The bundle line carries the bundle price;
    /// its lines record the pack sizes shipped, at no price of their own.
    public int? BundleLineNumber { get; set; }

    /// Drop-shipped by a cooperation partner: the partner's name and lead time at the time of the order.
    public string? PartnerName { get; set; }
    public int? PartnerLeadTimeDays { get; set; }
}

public enum OrderChannel
{
    Shop = 0,
    ReorderList = 1,
    QuickOrder = 2,
    CsvUpload = 3,
    Phone = 4,

    /// Placed by the customer's own system through POST /api/v1/orders: self-service, nobody typed it.
    Api = 5,
}

public enum OrderStatus
{
    AwaitingPayment = 0,
    AwaitingReview = 1,
    Confirmed = 2,
    Shipped = 3,
    Completed = 4,
    Cancelled = 5,

    /// Above the buyer's order limit or beyond the monthly budget: the company admin decides (Purchasing).
    AwaitingApproval = 6,
}

public enum PaymentMethod
{
    OnAccount = 0,
    Card = 1,
}

public static class OrderDisplay
{
    /// The English name shown for a status (and the key of its translation).
    public static string DisplayName(this OrderStatus status) => status switch
    {
        OrderStatus.AwaitingPayment => "Awaiting payment",
        OrderStatus.AwaitingReview => "Awaiting review",
        OrderStatus.AwaitingApproval => "Awaiting approval",
        _ => status.ToString(),
    };

    public static string DisplayName(this OrderChannel channel) => channel switch
    {
        OrderChannel.ReorderList => "Reorder list",
        OrderChannel.QuickOrder => "Quick order",
        OrderChannel.CsvUpload => "CSV upload",
        OrderChannel.Api => "API",
        _ => channel.ToString(),
    };
}

public static class OrderChannels
{
    /// Channels where the customer served itself: cheap to handle.
    public static bool IsSelfService(this OrderChannel channel) => channel != OrderChannel.Phone;

    /// The channel of an order placed from a cart: the one most of its lines came in by. The cost to serve asks
    /// "what did the buyer mostly use", and one extra item picked from the catalog does not make a reorder a shop
    /// order. A tie goes to the reorder tools (reorder list, then quick order, then CSV) over the product pages,
    /// because those are what the portal wants to see used and the cart's bulk of work came from them.
    public static OrderChannel FromCart(IEnumerable<OrderChannel> lineSources)
    {
        var counts = lineSources.GroupBy(s => s).Select(g => (Channel: g.Key, Count: g.Count())).ToList();
        if (counts.Count == 0)
        {
            return OrderChannel.Shop;
        }

        return counts.OrderByDescending(c => c.Count).ThenBy(c => TieRank(c.Channel)).First().Channel;
    }

    private static int TieRank(OrderChannel channel) => channel switch
    {
        OrderChannel.ReorderList => 0,
        OrderChannel.QuickOrder => 1,
        OrderChannel.CsvUpload => 2,
        OrderChannel.Shop => 3,
        _ => 4,
    };
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.HasIndex(o => o.Number).IsUnique();
        builder.HasIndex(o => new { o.CustomerId, o.PlacedAt });
        builder.HasIndex(o => o.PlacedAt);
        builder.Property(o => o.Number).HasMaxLength(40);
        builder.Property(o => o.CustomerReference).HasMaxLength(64);
        builder.Property(o => o.Comment).HasMaxLength(2000);
        builder.Property(o => o.DeliveryAddress).HasMaxLength(500);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.DeliveryMethod).HasMaxLength(100);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(64);
        builder.Property(o => o.RequestHash).HasMaxLength(64);
        builder.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique();
        builder.HasIndex(o => o.FeedSequence).IsUnique();
        builder.Property(o => o.ErpOrderNumber).HasMaxLength(64);
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(16);
        foreach (var amount in new[] { nameof(Order.SubtotalNet), nameof(Order.SurchargeNet), nameof(Order.DeliveryNet), nameof(Order.DropShipNet), nameof(Order.VatTotal), nameof(Order.TotalGross) })
        {
            builder.Property(amount).HasPrecision(18, 2);
        }

        builder.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(o => o.PlacedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
        builder.HasIndex(l => l.PackSizeId);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(300);
        builder.Property(l => l.UnitPrice).HasPrecision(18, 4);
        builder.Property(l => l.CostPrice).HasPrecision(18, 4);
        builder.Property(l => l.TaxRate).HasPrecision(5, 4);
        builder.Property(l => l.LineNet).HasPrecision(18, 2);
        builder.Property(l => l.PartnerName).HasMaxLength(200);
        builder.HasOne<PackSize>().WithMany().HasForeignKey(l => l.PackSizeId).OnDelete(DeleteBehavior.SetNull);
    }

    /// The unit and cost price in integers of 1/10,000 (the columns' precision), generated and stored by the
    /// database from the decimals: the segmentation sums them over millions of lines, and turning every decimal into
    /// an integer while summing took most of that time. Never set by the code; the SQL is the provider's (scaled:
    /// column → SQL).
    public const string UnitPriceScaled = nameof(UnitPriceScaled);
    public const string CostPriceScaled = nameof(CostPriceScaled);

    /// PostgreSQL: the order's index carries each line's quantity, so that whether an order is a purchase (a line
    /// of positive quantity; ActivityReader asks it for every order of the window) is answered from the index
    /// alone. Reading the lines themselves took about twice as long (0.55 s against 0.23 s for 180,000 orders).
    /// SQLite answers it in its one pass over the lines (and has no included columns).
    public static void QuantityInOrderIndex(ModelBuilder builder) =>
        builder.Entity<OrderLine>().HasIndex(l => new { l.OrderId, l.LineNumber }).IncludeProperties(l => l.Quantity);

    public static void ScaledPrices(ModelBuilder builder, Func<string, string> scaled) => builder.Entity<OrderLine>(line =>
    {
        line.Property<long>(UnitPriceScaled).HasComputedColumnSql(scaled(nameof(OrderLine.UnitPrice)), stored: true);
        line.Property<long?>(CostPriceScaled).HasComputedColumnSql(scaled(nameof(OrderLine.CostPrice)), stored: true);
    });
}
