using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Ordering;

namespace Portal.Api;

public sealed record FeedPage(IReadOnlyList<FeedOrder> Items, string? NextCursor, bool HasMore);

public sealed record FeedOrder(
    string Cursor,
    string Number,
    DateTimeOffset PlacedAt,
    string CustomerNumber,
    string CustomerName,
    OrderChannel Channel,
    OrderStatus Status,
    PaymentMethod PaymentMethod,
    string? CustomerReference,
    string? Comment,
    DateOnly? RequestedDeliveryDate,
    string? DeliveryAddress,
    string? DeliveryMethod,
    string Currency,
    decimal SubtotalNet,
    decimal SmallOrderSurchargeNet,
    decimal DeliveryNet,
    decimal DropShipNet,
    decimal VatTotal,
    decimal TotalGross,
    string? ErpOrderNumber,
    IReadOnlyList<FeedLine> Lines);

public sealed record FeedLine(
    int LineNumber,
    string Sku,
    string Description,
    string? PackName,
    decimal? UnitsPerPack,
    int Quantity,
    decimal UnitPrice,
    decimal VatRate,
    decimal LineNet,
    int? BundleLineNumber,
    string? DropShipPartner);

/// The ERP's order feed: released orders, each exactly once, in a stable order a poller can follow with a cursor.
///
/// Why a sequence of its own and not the order id or the time placed: ids (and times) are taken when the insert
/// runs, but rows become visible when their transaction commits. With two instances on PostgreSQL, order 11 can
/// commit before order 10; a poller that read 11 and moved its cursor past it would never see 10. A settle window
/// ("only orders older than 30 s") narrows that gap but cannot close it (a slow commit, a paused instance).
/// Instead each order gets its feed position when the feed is read, in a transaction that first takes the row lock
/// on the "order-feed" counter: a second reader waits until the first has committed, so positions become visible
/// strictly in order, and once position n is visible every position below it is visible or never will be. The
/// cursor is the last position read.
///
/// Released means confirmed (or later): an order waiting for its card payment or held for review enters the feed
/// when it is paid or approved, so the ERP never ships what may still be refused. Orders imported as history
/// (placed by nobody in the portal) are not in the feed.
public sealed class OrderFeed(PortalDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// Positions given per read; more released orders than this get theirs on the next read.
    private const int SequenceBatch = 1000;

    public async Task<FeedPage> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await SequenceReleasedOrdersAsync(cancellationToken);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.FeedSequence > after)
            .OrderBy(o => o.FeedSequence)
            .Take(limit + 1)
            .Select(o => new
            {
                Order = o,
                CustomerNumber = o.Customer!.Number,
                CustomerName = o.Customer.Name,
                Lines = o.Lines.OrderBy(l => l.LineNumber).Select(l => new
                {
                    Line = l,
                    Pack = db.PackSizes.Where(p => p.Id == l.PackSizeId).Select(p => new { p.Name, p.UnitsPerPack }).FirstOrDefault(),
                }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(r => new FeedOrder(
            Cursor(r.Order.FeedSequence!.Value),
            r.Order.Number,
            r.Order.PlacedAt,
            r.CustomerNumber,
            r.CustomerName,
            r.Order.Channel,
            r.Order.Status,
            r.Order.PaymentMethod,
            r.Order.CustomerReference,
            r.Order.Comment,
            r.Order.RequestedDeliveryDate,
            r.Order.DeliveryAddress,
            r.Order.DeliveryMethod,
            r.Order.Currency,
            r.Order.SubtotalNet,
            r.Order.SurchargeNet,
            r.Order.DeliveryNet,
            r.Order.DropShipNet,
            r.Order.VatTotal,
            r.Order.TotalGross,
            r.Order.ErpOrderNumber,
            r.Lines.Select(l => new FeedLine(l.Line.LineNumber, l.Line.Sku, l.Line.Description, l.Pack?.Name, l.Pack?.UnitsPerPack, l.Line.Quantity,
                l.Line.UnitPrice, l.Line.TaxRate, l.Line.LineNet, l.Line.BundleLineNumber, l.Line.PartnerName)).ToList())).ToList();
        // An empty page hands the cursor back, so a poller can always store "nextCursor" and ask again.
        var next = items.Count > 0 ? items[^1].Cursor : Cursor(after);
        return new FeedPage(items, next, rows.Count > limit);
    }

    public static string Cursor(long position) => position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseCursor(string? cursor, out long position)
    {
        position = 0;
        return string.IsNullOrEmpty(cursor) || (long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position) && position >= 0);
    }

    private async Task SequenceReleasedOrdersAsync(CancellationToken cancellationToken)
    {
        string[] released = [nameof(OrderStatus.Confirmed), nameof(OrderStatus.Shipped), nameof(OrderStatus.Completed)];
        // Most reads find nothing new: no write transaction for those.
        if (!await db.Orders.AnyAsync(o => o.FeedSequence == null && o.PlacedByUserId != null && (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.Shipped || o.Status == OrderStatus.Completed), cancellationToken))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Takes the counter's row lock first (held until commit): see the class comment.
        var next = (await db.Database
            .SqlQuery<long>($"UPDATE \"NumberSequences\" SET \"Next\" = \"Next\" WHERE \"Name\" = {NumberSequences.OrderFeed} RETURNING \"Next\" AS \"Value\"")
            .ToListAsync(cancellationToken)).Single();
        var given = await db.Database.ExecuteSqlAsync($"""
            UPDATE "Orders" SET "FeedSequence" = {next - 1} + s.rn
            FROM (SELECT "Id", ROW_NUMBER() OVER (ORDER BY "PlacedAt", "Id") AS rn
                  FROM "Orders"
                  WHERE "FeedSequence" IS NULL AND "PlacedByUserId" IS NOT NULL AND "Status" IN ({released[0]}, {released[1]}, {released[2]})
                  ORDER BY "PlacedAt", "Id"
                  LIMIT {SequenceBatch}) AS s
            WHERE "Orders"."Id" = s."Id"
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE \"NumberSequences\" SET \"Next\" = \"Next\" + {given} WHERE \"Name\" = {NumberSequences.OrderFeed}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
