using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;
using Portal.Payments;
using Portal.Sales;
using QuickRow = Portal.Reordering.QuickOrder.Row;

namespace Portal.Areas.Sales.Pages.Customers;

/// Order on behalf: inside sales types the articles a customer orders on the phone, checks the customer's prices
/// and places the order on account, channel Phone. Every row is checked on its own; a bad row comes back with its
/// message and nothing is placed until all rows are good.
public sealed class OrderModel(PortalDbContext db, OrderOnBehalf onBehalf, CustomerTerms terms, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int MinRows = 5;

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    [BindProperty]
    public OrderForm Input { get; set; } = new();

    public Customer Customer { get; private set; } = null!;
    public IReadOnlyList<CustomerTerms.OfferedModule> DeliveryOptions { get; private set; } = [];
    public bool MayPayOnAccount { get; private set; }
    public OrderOnBehalf.Priced? Priced { get; private set; }
    public IReadOnlyList<QuickRow> Display { get; private set; } = [];

    public sealed class RowInput
    {
        public string? Sku { get; set; }
        public string? Quantity { get; set; }
    }

    private string ClerkId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
    private string ClerkName => User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff";

    /// list: one of the customer's reorder lists to start from.
    public async Task<IActionResult> OnGetAsync(int? list, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        Input.DeliveryAddressId = Customer.Addresses.Where(a => a.Kind == AddressKind.Delivery).OrderByDescending(a => a.IsDefault).Select(a => (int?)a.Id).FirstOrDefault();
        Input.DeliveryOptionCode = DeliveryOptions.FirstOrDefault()?.Code;
        var rows = new List<QuickRow>();
        if (list is { } listId)
        {
            rows = await db.ReorderListLines.AsNoTracking()
                .Where(l => l.ReorderListId == listId && db.ReorderLists.Any(r => r.Id == listId && r.CustomerId == Customer.Id))
                .OrderBy(l => l.Position)
                .Select(l => new QuickRow(l.PackSize!.Sku, l.Quantity.ToString(), null))
                .ToListAsync(cancellationToken);
        }

        Display = Pad(rows, 0);
        return Page();
    }

    public async Task<IActionResult> OnPostAddRowsAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        ModelState.Clear();
        Display = Pad(Typed(), MinRows);
        return Page();
    }

    public async Task<IActionResult> OnPostPriceAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var rows = Typed();
        if (rows.Count == 0)
        {
            ModelState.AddModelError("", t["Please enter at least one article number and quantity."]);
            Display = Pad(rows, 0);
            return Page();
        }

        Priced = await onBehalf.PriceAsync(ClerkId, Customer.Id, rows, Input.DeliveryOptionCode, cancellationToken);
        Display = Pad(Merge(rows, Priced.Invalid), 0);
        return Page();
    }

    public async Task<IActionResult> OnPostPlaceAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var rows = Typed();
        if (rows.Count == 0)
        {
            ModelState.AddModelError("", t["Please enter at least one article number and quantity."]);
        }

        if (!ModelState.IsValid)
        {
            Display = Pad(rows, 0);
            return Page();
        }

        var request = new OrderPlacement.Request(Input.IdempotencyKey, Input.DeliveryAddressId, Input.DeliveryOptionCode, Input.CustomerReference, Input.RequestedDeliveryDate, Input.Comment);
        var placed = await onBehalf.PlaceAsync(ClerkId, ClerkName, Customer.Id, rows, request, cancellationToken);
        Priced = placed.Priced;
        Display = Pad(Merge(rows, placed.Priced.Invalid), 0);
        if (placed.Result is null)
        {
            ModelState.AddModelError("", t["Nothing was ordered yet: please correct the marked lines."]);
            return Page();
        }

        var result = placed.Result;
        if (result.Outcome is OrderPlacement.Outcome.Placed or OrderPlacement.Outcome.AlreadyPlaced)
        {
            TempData["Notice"] = t["Order {0} is placed for {1}; the company's users get the confirmation by mail.", result.OrderNumber!, Customer.Name].Value;
            return RedirectToPage("/Orders/Details", new { area = "Sales", number = result.OrderNumber });
        }

        foreach (var (field, message) in result.Errors)
        {
            var text = field == "PaymentMethod" ? "This customer may not pay on account; an order on behalf is always on account." : message;
            ModelState.AddModelError(field.Length == 0 || field == "PaymentMethod" ? "" : $"Input.{field}", t[text]);
        }

        return Page();
    }

    private List<QuickRow> Typed() => Rows
        .Where(r => !string.IsNullOrWhiteSpace(r.Sku) || !string.IsNullOrWhiteSpace(r.Quantity))
        .Select(r => new QuickRow(r.Sku?.Trim() ?? "", r.Quantity?.Trim() ?? ""))
        .ToList();

    /// The typed rows with the messages of the bad ones, in the order they were typed (duplicates merged by the
    /// quick order keep their rows here, so the clerk sees what was typed).
    private static List<QuickRow> Merge(List<QuickRow> typed, IReadOnlyList<QuickRow> invalid)
    {
        var exact = invalid.GroupBy(r => (r.Sku.ToUpperInvariant(), r.Quantity)).ToDictionary(g => g.Key, g => g.First().Message);
        var bySku = invalid.GroupBy(r => r.Sku.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First().Message);
        return typed.Select(r =>
            exact.TryGetValue((r.Sku.ToUpperInvariant(), r.Quantity), out var message) ? r with { Message = message }
            : bySku.TryGetValue(r.Sku.ToUpperInvariant(), out message) && !exact.Keys.Any(k => k.Item1 == r.Sku.ToUpperInvariant()) ? r with { Message = message }
            : r).ToList();
    }

    private static List<QuickRow> Pad(List<QuickRow> rows, int extra) =>
        [.. rows, .. Enumerable.Range(0, Math.Max(extra, MinRows - rows.Count)).Select(_ => new QuickRow("", ""))];

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).SingleOrDefaultAsync(c => c.Number == Number, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        Customer = customer;
        var customerTerms = await terms.ForAsync(customer.Id, cancellationToken);
        DeliveryOptions = customerTerms.DeliveryOptions;
        MayPayOnAccount = customerTerms.PaymentMethods.HasFlag(PaymentMethods.OnAccount);
        return true;
    }
}
