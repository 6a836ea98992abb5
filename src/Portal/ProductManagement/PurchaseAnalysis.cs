using Portal.Catalogs;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;
using Portal.Web;

namespace Portal.ProductManagement;

/// What the customers of a segment buy and look for in a period (the concept's "analyse what small customers buy:
/// can their needs already be met from the offer?"). Orders count by the customer's current segment; cancelled
/// orders do not count. Revenue is the net line value: a bundle's pack sizes count as ordered, its price is on the
/// bundle line, so they add no revenue of their own.
public sealed class PurchaseAnalysis(PortalDbContext db)
{
    public const int TopCount = 10;

    public sealed record Scope(Segment Segment, DateOnly From, DateOnly To)
    {
        public DateTimeOffset Start => Dates.StartOfBusinessDay(From);
        public DateTimeOffset End => Dates.StartOfBusinessDay(To.AddDays(1));
    }

    public sealed record ProductFigure(int ProductId, string Product, decimal Revenue, int Orders, int Packs);

    public sealed record PackFigure(int PackSizeId, string Sku, string Product, string Pack, bool IsSmallPack, decimal Revenue, int Orders, int Packs);

    public sealed record SmallPackShare(decimal SmallRevenue, decimal TotalRevenue, int SmallLines, int TotalLines)
    {
        public decimal RevenueShare => TotalRevenue == 0 ? 0 : SmallRevenue / TotalRevenue;
        public decimal LineShare => TotalLines == 0 ? 0 : (decimal)SmallLines / TotalLines;
    }

    public sealed record SearchFigure(string Term, int Searches, int Customers);

    public sealed record Request(DateTimeOffset At, string CustomerNumber, string Customer, string Text, EscalationStatus Status);

    /// What the segment's customers asked a quote for, per pack size: how often, by how many customers, how many packs
    /// in all and at most in one request, and how many of those requests became orders.
    public sealed record QuoteFigure(string Sku, string Product, string Pack, int Requests, int Customers, int Packs, int LargestRequest, int Accepted);

    public sealed record OffCatalogFigure(string Sku, string Product, string Pack, int Orders, int Customers, int Packs, decimal Revenue, int PhoneOrders);

    private IQueryable<OrderLine> Lines(Scope scope) =>
        db.OrderLines.Where(l => l.PackSizeId != null && db.Orders.Any(o => o.Id == l.OrderId
            && o.Status != OrderStatus.Cancelled && o.PlacedAt >= scope.Start && o.PlacedAt < scope.End && o.Customer!.Segment == scope.Segment));

    /// Every product ordered in the scope; callers take the top by revenue or by orders.
    public async Task<IReadOnlyList<ProductFigure>> ProductsAsync(Scope scope, CancellationToken cancellationToken)
    {
        var rows = await Lines(scope)
            .GroupBy(l => db.PackSizes.Where(s => s.Id == l.PackSizeId).Select(s => s.ProductId).First())
            .Select(g => new { ProductId = g.Key, Revenue = g.Sum(l => l.LineNet), Orders = g.Select(l => l.OrderId).Distinct().Count(), Packs = g.Sum(l => l.Quantity) })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.ProductId).ToList();
        var names = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.LocalName, cancellationToken);
        return rows.Select(r => new ProductFigure(r.ProductId, names.GetValueOrDefault(r.ProductId, "?"), r.Revenue, r.Orders, r.Packs)).ToList();
    }

    public async Task<IReadOnlyList<PackFigure>> PacksAsync(Scope scope, CancellationToken cancellationToken)
    {
        var rows = await Lines(scope)
            .GroupBy(l => l.PackSizeId!.Value)
            .Select(g => new { PackSizeId = g.Key, Revenue = g.Sum(l => l.LineNet), Orders = g.Select(l => l.OrderId).Distinct().Count(), Packs = g.Sum(l => l.Quantity) })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.PackSizeId).ToList();
        var packs = await db.PackSizes.Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Sku, Product = ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe), Name = ContentLanguage.Pick(s.Name, s.NameDe), s.IsSmallPack })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        return rows.Where(r => packs.ContainsKey(r.PackSizeId)).Select(r =>
        {
            var p = packs[r.PackSizeId];
            return new PackFigure(r.PackSizeId, p.Sku, p.Product, p.Name, p.IsSmallPack, r.Revenue, r.Orders, r.Packs);
        }).ToList();
    }

    public static IReadOnlyList<T> TopByRevenue<T>(IEnumerable<T> rows, Func<T, decimal> revenue, Func<T, string> name) =>
        rows.OrderByDescending(revenue).ThenBy(name, StringComparer.Ordinal).Take(TopCount).ToList();

    public static IReadOnlyList<T> TopByOrders<T>(IEnumerable<T> rows, Func<T, int> orders, Func<T, string> name) =>
        rows.OrderByDescending(orders).ThenBy(name, StringComparer.Ordinal).Take(TopCount).ToList();

    public async Task<SmallPackShare> SmallPackShareAsync(Scope scope, CancellationToken cancellationToken)
    {
        var rows = await Lines(scope)
            .GroupBy(l => db.PackSizes.Where(s => s.Id == l.PackSizeId).Select(s => s.IsSmallPack).First())
            .Select(g => new { Small = g.Key, Revenue = g.Sum(l => l.LineNet), Lines = g.Count() })
            .ToListAsync(cancellationToken);
        var small = rows.FirstOrDefault(r => r.Small);
        return new SmallPackShare(small?.Revenue ?? 0, rows.Sum(r => r.Revenue), small?.Lines ?? 0, rows.Sum(r => r.Lines));
    }

    private IQueryable<SearchFigure> SearchQuery(Scope scope) =>
        db.SearchMisses
            .Where(m => m.At >= scope.Start && m.At < scope.End && db.Customers.Any(c => c.Id == m.CustomerId && c.Segment == scope.Segment))
            .GroupBy(m => m.Term.ToLower())
            .Select(g => new { Term = g.Key, Searches = g.Count(), Customers = g.Select(m => m.CustomerId).Distinct().Count() })
            .OrderByDescending(f => f.Searches).ThenBy(f => f.Term)
            .Select(f => new SearchFigure(f.Term, f.Searches, f.Customers));

    public Task<Paged<SearchFigure>> SearchesAsync(Scope scope, int page, CancellationToken cancellationToken) =>
        SearchQuery(scope).ToPagedAsync(page, cancellationToken: cancellationToken);

    public Task<List<SearchFigure>> AllSearchesAsync(Scope scope, CancellationToken cancellationToken) => SearchQuery(scope).ToListAsync(cancellationToken);

    private IQueryable<Request> RequestQuery(Scope scope) =>
        from e in db.Escalations
        join c in db.Customers on e.CustomerId equals c.Id
        where e.Type == EscalationType.NotInCatalog && e.CreatedAt >= scope.Start && e.CreatedAt < scope.End && c.Segment == scope.Segment
        orderby e.CreatedAt descending, e.Id descending
        select new Request(e.CreatedAt, c.Number, c.Name, e.Reason, e.Status);

    public Task<Paged<Request>> RequestsAsync(Scope scope, int page, CancellationToken cancellationToken) =>
        RequestQuery(scope).ToPagedAsync(page, cancellationToken: cancellationToken);

    public Task<List<Request>> AllRequestsAsync(Scope scope, CancellationToken cancellationToken) => RequestQuery(scope).ToListAsync(cancellationToken);

    /// Quote requests asked for in the period (by the day they were asked), grouped per pack size: the quantities small
    /// customers want beyond the tiers. Few groups, so the caller pages them in memory.
    public async Task<IReadOnlyList<QuoteFigure>> QuoteRequestsAsync(Scope scope, CancellationToken cancellationToken)
    {
        // A join, not SelectMany over the quote's items: SQLite cannot translate the correlated form (APPLY).
        var rows = await (
                from i in db.QuoteItems
                join q in db.Quotes on i.QuoteId equals q.Id
                where q.RequestedAt >= scope.Start && q.RequestedAt < scope.End && q.Customer!.Segment == scope.Segment
                select new { i.PackSizeId, i.Quantity, QuoteId = q.Id, q.CustomerId, Accepted = q.Status == Purchasing.QuoteStatus.Accepted })
            .GroupBy(x => x.PackSizeId)
            .Select(g => new
            {
                PackSizeId = g.Key,
                Requests = g.Select(x => x.QuoteId).Distinct().Count(),
                Customers = g.Select(x => x.CustomerId).Distinct().Count(),
                Packs = g.Sum(x => x.Quantity),
                Largest = g.Max(x => x.Quantity),
                Accepted = g.Where(x => x.Accepted).Select(x => x.QuoteId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        var packs = await PackNamesAsync(rows.Select(r => r.PackSizeId), cancellationToken);
        return rows.Where(r => packs.ContainsKey(r.PackSizeId))
            .Select(r => new QuoteFigure(packs[r.PackSizeId].Sku, packs[r.PackSizeId].Product, packs[r.PackSizeId].Pack, r.Requests, r.Customers, r.Packs, r.Largest, r.Accepted))
            .OrderByDescending(r => r.Requests).ThenByDescending(r => r.Packs).ThenBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
    }

    /// Pack sizes the segment's customers ordered although they are not in any catalog assigned to the ordering
    /// customer (by segment or by name): bought on the phone or by inside sales, a gap in their catalog.
    public async Task<IReadOnlyList<OffCatalogFigure>> OffCatalogAsync(Scope scope, CancellationToken cancellationToken)
    {
        var rows = await Lines(scope)
            .Select(l => new { Line = l, Order = db.Orders.Single(o => o.Id == l.OrderId) })
            .Where(x => !db.CatalogItems.Any(i =>
                i.ProductId == db.PackSizes.Where(s => s.Id == x.Line.PackSizeId).Select(s => s.ProductId).First()
                && (i.PackSizeId == null || i.PackSizeId == x.Line.PackSizeId)
                && db.CatalogAssignments.Any(a => a.CatalogId == i.CatalogId && (a.CustomerId == x.Order.CustomerId || a.Segment == x.Order.Customer!.Segment))))
            .GroupBy(x => x.Line.PackSizeId!.Value)
            .Select(g => new
            {
                PackSizeId = g.Key,
                Orders = g.Select(x => x.Order.Id).Distinct().Count(),
                Customers = g.Select(x => x.Order.CustomerId).Distinct().Count(),
                Packs = g.Sum(x => x.Line.Quantity),
                Revenue = g.Sum(x => x.Line.LineNet),
                PhoneOrders = g.Where(x => x.Order.Channel == OrderChannel.Phone).Select(x => x.Order.Id).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        var packs = await PackNamesAsync(rows.Select(r => r.PackSizeId), cancellationToken);
        return rows.Where(r => packs.ContainsKey(r.PackSizeId))
            .Select(r => new OffCatalogFigure(packs[r.PackSizeId].Sku, packs[r.PackSizeId].Product, packs[r.PackSizeId].Pack, r.Orders, r.Customers, r.Packs, r.Revenue, r.PhoneOrders))
            .OrderByDescending(r => r.Orders).ThenByDescending(r => r.Revenue).ThenBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record PackName(string Sku, string Product, string Pack);

    /// Sku, product and pack size in the reader's language, for the pack sizes a grouping found.
    private Task<Dictionary<int, PackName>> PackNamesAsync(IEnumerable<int> packSizeIds, CancellationToken cancellationToken)
    {
        var ids = packSizeIds.ToList();
        return db.PackSizes.Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Name = new PackName(s.Sku, ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe), ContentLanguage.Pick(s.Name, s.NameDe)) })
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }
}
