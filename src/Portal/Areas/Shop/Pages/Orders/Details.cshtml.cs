using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;

namespace Portal.Areas.Shop.Pages.Orders;

/// One order of the buyer's company, also its printable confirmation. Another company's order answers 404 like a
/// number that does not exist, so a guessed number reveals nothing.
public sealed class DetailsModel(PortalDbContext db, IOptions<SellerOptions> seller, Reordering.ReorderLists reorders, Catalogs.CatalogAccess catalog, Portal.Sales.CustomerRequests requests, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t, ILogger<DetailsModel> logger) : PageModel
{
    /// ?placed=1: the checkout just redirected here.
    [BindProperty(SupportsGet = true)]
    public int Placed { get; set; }

    public View Order { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<VatAmount> Vat { get; private set; } = [];
    public SellerOptions Seller => seller.Value;
    public CallMeForm CallMe { get; private set; } = null!;
    public IReadOnlyList<OrderHistoryEntry> History { get; private set; } = [];

    /// Why a held order is held, so the buyer's note can say so.
    public Portal.Sales.EscalationType? HeldFor { get; private set; }

    public string HeldNote => HeldFor switch
    {
        Portal.Sales.EscalationType.CreditLimit => "Our inside-sales team is checking this order (credit limit) and will confirm it shortly. You do not need to do anything.",
        Portal.Sales.EscalationType.UnusualOrderValue => "This order is much larger than your usual orders, so our inside-sales team checks it and confirms it shortly. You do not need to do anything.",
        _ => "Our inside-sales team is checking this order and will confirm it shortly. You do not need to do anything.",
    };

    public sealed record View(
        string Number,
        DateTimeOffset PlacedAt,
        OrderStatus Status,
        OrderChannel Channel,
        PaymentMethod PaymentMethod,
        string? CustomerReference,
        DateOnly? RequestedDeliveryDate,
        string? DeliveryMethod,
        string? DeliveryAddress,
        string? Comment,
        string? PlacedBy,
        string CustomerName,
        string CustomerNumber,
        string? CustomerVatId,
        decimal SubtotalNet,
        decimal SurchargeNet,
        decimal DeliveryNet,
        decimal VatTotal,
        decimal TotalGross,
        decimal DropShipNet,
        string? ErpOrderNumber);

    /// What the ERP reported: parcels with their tracking numbers, invoices to download.
    public IReadOnlyList<ShipmentRow> Shipments { get; private set; } = [];
    public IReadOnlyList<InvoiceRow> Invoices { get; private set; } = [];

    public sealed record ShipmentRow(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, int Packs);

    public sealed record InvoiceRow(string Number, DateOnly InvoiceDate, DateOnly DueDate, decimal AmountGross);

    /// The invoice's PDF; another company's invoice (or order) answers 404 like one that does not exist.
    public async Task<IActionResult> OnGetInvoiceAsync(string number, string invoice, CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var pdf = await db.InvoiceDocuments.AsNoTracking()
            .Where(d => db.Invoices.Any(i => i.Id == d.InvoiceId && i.Number == invoice
                && db.Orders.Any(o => o.Id == i.OrderId && o.Number == number && o.CustomerId == customerId)))
            .Select(d => d.Pdf)
            .SingleOrDefaultAsync(cancellationToken);
        return pdf is null ? NotFound() : File(pdf, "application/pdf", $"{invoice}.pdf");
    }

    public sealed record Line(int LineNumber, string Sku, string Description, int Quantity, decimal UnitPrice, decimal TaxRate, decimal LineNet, int? BundleLineNumber, string? PartnerName, int? PartnerLeadTimeDays, bool StillAvailable = true);

    /// Buy again: the order's lines into the cart at today's prices; the cart says what was left out and why.
    public async Task<IActionResult> OnPostBuyAgainAsync(string number, CancellationToken cancellationToken)
    {
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var fill = await reorders.BuyAgainAsync(userId, User.CustomerId()!.Value, number, cancellationToken);
        if (fill is null)
        {
            return NotFound();
        }

        ReorderLists.IndexModel.RememberFill(TempData, fill);
        return RedirectToPage("/Cart/Index", new { area = "Shop" });
    }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken) =>
        await LoadAsync(number, null, null, cancellationToken) ? Page() : NotFound();

    /// "Please call me" about this order: one open request per order, a second press adds only its question.
    public async Task<IActionResult> OnPostCallMeAsync(string number, string? question, CancellationToken cancellationToken)
    {
        if (question is { Length: > Portal.Sales.CustomerRequests.QuestionMaxLength })
        {
            return await LoadAsync(number, question, t["Please keep the question to {0} characters.", Portal.Sales.CustomerRequests.QuestionMaxLength], cancellationToken) ? Page() : NotFound();
        }

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var raised = await requests.CallMeAboutOrderAsync(new(userId, User.CustomerId()!.Value), number, question, cancellationToken);
        if (raised is null)
        {
            return NotFound();
        }

        TempData["Notice"] = (raised.IsNew ? t["Thank you — we will call you about order {0} shortly.", number] : t["We already have your request and will call you about order {0} shortly.", number]).Value;
        return RedirectToPage("/Orders/Details", new { area = "Shop", number });
    }

    private async Task<bool> LoadAsync(string number, string? question, string? error, CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Number == number && o.CustomerId == customerId)
            .Select(o => new
            {
                o.Id,
                View = new View(
                    o.Number,
                    o.PlacedAt,
                    o.Status,
                    o.Channel,
                    o.PaymentMethod,
                    o.CustomerReference,
                    o.RequestedDeliveryDate,
                    o.DeliveryMethod,
                    o.DeliveryAddress,
                    o.Comment,
                    db.Users.Where(u => u.Id == o.PlacedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    o.Customer!.Name,
                    o.Customer.Number,
                    o.Customer.VatId,
                    o.SubtotalNet,
                    o.SurchargeNet,
                    o.DeliveryNet,
                    o.VatTotal,
                    o.TotalGross,
                    o.DropShipNet,
                    o.ErpOrderNumber),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return false;
        }

        Order = order.View;
        Shipments = await db.Shipments.AsNoTracking().Where(sh => sh.OrderId == order.Id).OrderBy(sh => sh.ShippedAt).ThenBy(sh => sh.Id)
            .Select(sh => new ShipmentRow(sh.Carrier, sh.TrackingNumber, sh.ShippedAt, sh.Lines.Sum(l => l.Quantity))).ToListAsync(cancellationToken);
        Invoices = await db.Invoices.AsNoTracking().Where(i => i.OrderId == order.Id).OrderBy(i => i.InvoiceDate).ThenBy(i => i.Id)
            .Select(i => new InvoiceRow(i.Number, i.InvoiceDate, i.DueDate, i.AmountGross)).ToListAsync(cancellationToken);
        HeldFor = Order.Status != OrderStatus.AwaitingReview ? null
            : await db.Escalations.AsNoTracking()
                .Where(e => e.OrderId == order.Id && e.Status == Portal.Sales.EscalationStatus.Open && (e.Type == Portal.Sales.EscalationType.CreditLimit || e.Type == Portal.Sales.EscalationType.UnusualOrderValue))
                .OrderBy(e => e.Id).Select(e => (Portal.Sales.EscalationType?)e.Type).FirstOrDefaultAsync(cancellationToken);
        CallMe = new CallMeForm(Url.Page("/Orders/Details", "CallMe", new { area = "Shop", number })!, await requests.OpenCallbackAsync(customerId, order.Id, null, cancellationToken), question, error);
        Lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == order.Id)
            .OrderBy(l => l.LineNumber)
            .Select(l => new Line(l.LineNumber, l.Sku, l.Description, l.Quantity, l.UnitPrice, l.TaxRate, l.LineNet, l.BundleLineNumber, l.PartnerName, l.PartnerLeadTimeDays,
                l.PackSizeId != null && catalog.VisiblePackSizes(customerId).Any(s => s.Id == l.PackSizeId)))
            .ToListAsync(cancellationToken);
        History = await OrderHistory.ForAsync(db, order.Id, cancellationToken);
        Vat = OrderRules.Vat(Lines.Select(l => (l.TaxRate, l.LineNet)), Order.SurchargeNet + Order.DeliveryNet + Order.DropShipNet);

        // The stored totals are what the buyer agreed to; a breakdown that no longer matches them means the
        // VAT rules changed or imported data is off, and the page would not add up.
        if (Vat.Sum(v => v.Vat) != Order.VatTotal)
        {
            logger.LogWarning("Order {Number}: VAT per rate sums to {Recomputed}, the order stores {Stored}", Order.Number, Vat.Sum(v => v.Vat), Order.VatTotal);
        }

        return true;
    }
}
