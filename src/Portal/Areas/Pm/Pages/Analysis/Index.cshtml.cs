using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Localization;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Analysis;

/// What small customers buy: for a segment (C unless chosen) and a period, the top products and pack sizes by
/// revenue and by orders, the share of small packs, searches that found nothing, requests for what is not in the
/// catalog, and what they ordered outside their catalog. Every list also as CSV.
public sealed class IndexModel(PurchaseAnalysis analysis, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Segment Segment { get; set; } = Segment.C;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "sp")]
    public int SearchPage { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "rp")]
    public int RequestPage { get; set; } = 1;

    public PurchaseAnalysis.Scope Scope { get; private set; } = null!;
    public IReadOnlyList<PurchaseAnalysis.ProductFigure> ProductsByRevenue { get; private set; } = [];
    public IReadOnlyList<PurchaseAnalysis.ProductFigure> ProductsByOrders { get; private set; } = [];
    public IReadOnlyList<PurchaseAnalysis.PackFigure> PacksByRevenue { get; private set; } = [];
    public IReadOnlyList<PurchaseAnalysis.PackFigure> PacksByOrders { get; private set; } = [];
    public PurchaseAnalysis.SmallPackShare SmallPacks { get; private set; } = new(0, 0, 0, 0);
    public Paged<PurchaseAnalysis.SearchFigure> Searches { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public Paged<PurchaseAnalysis.Request> Requests { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public Paged<PurchaseAnalysis.OffCatalogFigure> OffCatalog { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    [BindProperty(SupportsGet = true, Name = "op")]
    public int OffCatalogPage { get; set; } = 1;

    public Paged<PurchaseAnalysis.QuoteFigure> Quotes { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    [BindProperty(SupportsGet = true, Name = "qp")]
    public int QuotePage { get; set; } = 1;
    public string? PeriodError { get; private set; }

    public static readonly string[] Lists = ["products", "packs", "searches", "requests", "quotes", "off-catalog"];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Scope = ResolveScope();
        var products = await analysis.ProductsAsync(Scope, cancellationToken);
        ProductsByRevenue = PurchaseAnalysis.TopByRevenue(products, p => p.Revenue, p => p.Product);
        ProductsByOrders = PurchaseAnalysis.TopByOrders(products, p => p.Orders, p => p.Product);
        var packs = await analysis.PacksAsync(Scope, cancellationToken);
        PacksByRevenue = PurchaseAnalysis.TopByRevenue(packs, p => p.Revenue, p => p.Sku);
        PacksByOrders = PurchaseAnalysis.TopByOrders(packs, p => p.Orders, p => p.Sku);
        SmallPacks = await analysis.SmallPackShareAsync(Scope, cancellationToken);
        Searches = await analysis.SearchesAsync(Scope, SearchPage, cancellationToken);
        Requests = await analysis.RequestsAsync(Scope, RequestPage, cancellationToken);
        // Grouped per pack size in the database; the groups are few enough to page in memory.
        OffCatalog = PageOf(await analysis.OffCatalogAsync(Scope, cancellationToken), OffCatalogPage);
        Quotes = PageOf(await analysis.QuoteRequestsAsync(Scope, cancellationToken), QuotePage);
    }

    private static Paged<T> PageOf<T>(IReadOnlyList<T> rows, int requested)
    {
        var size = PagingExtensions.DefaultPageSize;
        var page = Math.Clamp(requested, 1, Math.Max(1, (rows.Count + size - 1) / size));
        return new(rows.Skip((page - 1) * size).Take(size).ToList(), page, size, rows.Count);
    }

    /// The full list behind a section (not only its top ten or its page), for a spreadsheet.
    public async Task<IActionResult> OnGetCsvAsync(string? list, CancellationToken cancellationToken)
    {
        if (list is null || !Lists.Contains(list))
        {
            return NotFound();
        }

        Scope = ResolveScope();
        if (PeriodError is not null)
        {
            return BadRequest(PeriodError);
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = SpreadsheetCsv.Create(writer))
        {
            void Row(params string[] fields) => csv.Row(fields);

            static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
            static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
            switch (list)
            {
                case "products":
                    Row("product", "revenue_net", "orders", "packs");
                    foreach (var p in (await analysis.ProductsAsync(Scope, cancellationToken)).OrderByDescending(p => p.Revenue).ThenBy(p => p.Product, StringComparer.Ordinal))
                    {
                        Row(p.Product, Amount(p.Revenue), Count(p.Orders), Count(p.Packs));
                    }

                    break;
                case "packs":
                    Row("sku", "product", "pack_size", "small_pack", "revenue_net", "orders", "packs");
                    foreach (var p in (await analysis.PacksAsync(Scope, cancellationToken)).OrderByDescending(p => p.Revenue).ThenBy(p => p.Sku, StringComparer.Ordinal))
                    {
                        Row(p.Sku, p.Product, p.Pack, p.IsSmallPack ? "yes" : "no", Amount(p.Revenue), Count(p.Orders), Count(p.Packs));
                    }

                    break;
                case "searches":
                    Row("term", "searches", "customers");
                    foreach (var s in await analysis.AllSearchesAsync(Scope, cancellationToken))
                    {
                        Row(s.Term, Count(s.Searches), Count(s.Customers));
                    }

                    break;
                case "requests":
                    Row("date", "customer_number", "customer", "request", "status");
                    foreach (var r in await analysis.AllRequestsAsync(Scope, cancellationToken))
                    {
                        Row(Dates.ToBusinessTime(r.At).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.CustomerNumber, r.Customer, r.Text, r.Status.ToString());
                    }

                    break;
                case "quotes":
                    Row("sku", "product", "pack_size", "requests", "customers", "packs_requested", "largest_request", "accepted");
                    foreach (var q in await analysis.QuoteRequestsAsync(Scope, cancellationToken))
                    {
                        Row(q.Sku, q.Product, q.Pack, Count(q.Requests), Count(q.Customers), Count(q.Packs), Count(q.LargestRequest), Count(q.Accepted));
                    }

                    break;
                default:
                    Row("sku", "product", "pack_size", "orders", "phone_orders", "customers", "packs", "revenue_net");
                    foreach (var o in await analysis.OffCatalogAsync(Scope, cancellationToken))
                    {
                        Row(o.Sku, o.Product, o.Pack, Count(o.Orders), Count(o.PhoneOrders), Count(o.Customers), Count(o.Packs), Amount(o.Revenue));
                    }

                    break;
            }

            csv.Flush();
        }

        var name = $"{list}-{Scope.Segment}-{Scope.From:yyyy-MM-dd}-{Scope.To:yyyy-MM-dd}.csv";
        return File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(writer.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    // The handler leads the query, as in the addresses people saved before they were generated.
    public string CsvLink(string list) =>
        Url.Page("/Analysis/Index", new { area = "Pm", handler = "Csv", list, segment = Scope.Segment, from = Day(Scope.From), to = Day(Scope.To) })!;

    public string PageLink(int? searchPage = null, int? requestPage = null, int? offCatalogPage = null, int? quotePage = null) =>
        Url.Page("/Analysis/Index", new
        {
            area = "Pm",
            segment = Scope.Segment,
            from = Day(Scope.From),
            to = Day(Scope.To),
            sp = searchPage ?? Searches.Page,
            rp = requestPage ?? Requests.Page,
            op = offCatalogPage ?? OffCatalog.Page,
            qp = quotePage ?? Quotes.Page,
        })!;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public BarChart Chart(string id, string title, IEnumerable<(string Label, decimal Value, string Display)> bars) =>
        new(id, title, t["Bar chart; the same figures are in the table."], t["No orders in this period."], bars.Select(b => new BarChart.Bar(b.Label, b.Value, b.Display)).ToList());

    /// The last 90 days unless chosen; a reversed or over-long period is answered with a message and the default.
    private PurchaseAnalysis.Scope ResolveScope()
    {
        var today = Dates.BusinessToday(time);
        var to = To ?? today;
        var from = From ?? to.AddDays(-89);
        if (!Enum.IsDefined(Segment))
        {
            Segment = Segment.C;
        }

        if (from > to || to.DayNumber - from.DayNumber > 3 * 366)
        {
            PeriodError = t["Please choose a period whose start is not after its end and which spans at most three years."];
            to = today;
            from = to.AddDays(-89);
        }

        From = from;
        To = to;
        return new PurchaseAnalysis.Scope(Segment, from, to);
    }
}
