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
public sealed class DetailsModel(PortalDbContext db, IOptions<SellerOptions> seller, Reordering.ReorderLists reorders, ILogger<DetailsModel> logger) : PageModel
{
    /// ?placed=1: the checkout just redirected here.
    [BindProperty(SupportsGet = true)]
    public int Placed { get; set; }

    public View Order { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<VatAmount> Vat { get; private set; } = [];
    public SellerOptions Seller => seller.Value;

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
        decimal DropShipNet);

    public sealed record Line(int LineNumber, string Sku, string Description, int Quantity, decimal UnitPrice, decimal TaxRate, decimal LineNet, int? BundleLineNumber, string? PartnerName, int? PartnerLeadTimeDays);

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
        return Redirect("/shop/cart");
    }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken)
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
                    o.DropShipNet),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return NotFound();
        }

        Order = order.View;
        Lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == order.Id)
            .OrderBy(l => l.LineNumber)
            .Select(l => new Line(l.LineNumber, l.Sku, l.Description, l.Quantity, l.UnitPrice, l.TaxRate, l.LineNet, l.BundleLineNumber, l.PartnerName, l.PartnerLeadTimeDays))
            .ToListAsync(cancellationToken);
        Vat = OrderRules.Vat(Lines.Select(l => (l.TaxRate, l.LineNet)), Order.SurchargeNet + Order.DeliveryNet + Order.DropShipNet);

        // The stored totals are what the buyer agreed to; a breakdown that no longer matches them means the
        // VAT rules changed or imported data is off, and the page would not add up.
        if (Vat.Sum(v => v.Vat) != Order.VatTotal)
        {
            logger.LogWarning("Order {Number}: VAT per rate sums to {Recomputed}, the order stores {Stored}", Order.Number, Vat.Sum(v => v.Vat), Order.VatTotal);
        }

        return Page();
    }
}
