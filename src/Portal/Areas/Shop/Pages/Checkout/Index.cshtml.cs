using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;
using Portal.Payments;

namespace Portal.Areas.Shop.Pages.Checkout;

/// Checkout on account: where to, how, the buyer's own reference, and one "Place order" that places exactly one
/// order however often it is pressed.
public sealed class IndexModel(
    PortalDbContext db,
    CartService carts,
    OrderPlacement placement,
    CardPayments cardPayments,
    CustomerTerms terms,
    Purchasing.PurchasingLimits limits,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public CheckoutInput Input { get; set; } = new();

    public CartService.CartView Cart { get; private set; } = new([]);
    public OrderQuote Quote { get; private set; } = OrderRules.Quote([], new SegmentRule(), 0);
    public IReadOnlyList<CustomerAddress> Addresses { get; private set; } = [];
    public IReadOnlyList<CustomerTerms.OfferedModule> DeliveryOptions { get; private set; } = [];
    public CustomerTerms.OfferedModule? DropShip { get; private set; }
    public SegmentRule Rule { get; private set; } = new();
    public decimal CreditLimit { get; private set; }
    public PaymentMethods AllowedPaymentMethods { get; private set; }
    public string? Notice { get; private set; }
    public Purchasing.PurchasingRules.Standing Standing { get; private set; } = Purchasing.PurchasingRules.Standing.None;

    public sealed class CheckoutInput : OrderForm
    {
        /// The buyer asks inside sales to read the comment: it becomes an escalation.
        public bool CommentNeedsAttention { get; set; }

        public PaymentMethod PaymentMethod { get; set; }

        /// The cart's prices as this form showed them (CartView.PricesShown).
        public string? PricesShown { get; set; }
    }

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Cart.IsEmpty)
        {
            return RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        // One key per checkout form: a second submit of this form finds the order the first one placed.
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        Input.DeliveryAddressId = Addresses.FirstOrDefault(a => a.IsDefault)?.Id ?? Addresses.FirstOrDefault()?.Id;
        Input.DeliveryOptionCode = DeliveryOptions.FirstOrDefault()?.Code;
        Input.PaymentMethod = AllowedPaymentMethods.HasFlag(PaymentMethods.OnAccount) ? PaymentMethod.OnAccount : PaymentMethod.Card;
        await LoadAsync(cancellationToken);
        Input.PricesShown = Cart.PricesShown;
        if (Cart.HasPriceChanges)
        {
            Notice = t["Prices have changed since you added these items. The prices shown here are today's."];
        }

        return Page();
    }

    /// htmx: the summary follows the chosen delivery option.
    public async Task<IActionResult> OnGetSummaryAsync(string? deliveryOptionCode, CancellationToken cancellationToken)
    {
        Input.DeliveryOptionCode = deliveryOptionCode;
        await LoadAsync(cancellationToken);
        return Partial("_Summary", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            // The buyer placed the order from a page that showed today's prices: those are the ones agreed to, and
            // the order is not refused once for "prices have changed". A change after the page was shown still is.
            var cart = await carts.ViewAsync(UserId, CustomerId, cancellationToken);
            if (cart.HasPriceChanges && Input.PricesShown == cart.PricesShown)
            {
                await carts.AcceptPricesAsync(UserId, CustomerId, cancellationToken);
            }

            var result = await placement.PlaceAsync(UserId, CustomerId, new OrderPlacement.Request(
                Input.IdempotencyKey,
                Input.DeliveryAddressId,
                Input.DeliveryOptionCode,
                Input.CustomerReference,
                Input.RequestedDeliveryDate,
                Input.Comment,
                Input.PaymentMethod,
                CommentNeedsAttention: Input.CommentNeedsAttention), cancellationToken);
            if (result.Outcome == OrderPlacement.Outcome.Placed && Input.PaymentMethod == PaymentMethod.Card)
            {
                // Off to Stripe; the order waits for the webhook. If Stripe cannot be reached, the payment page
                // lets the buyer try again or choose another method: nothing is lost.
                var order = await db.Orders.SingleAsync(o => o.Id == result.OrderId, cancellationToken);
                var url = await cardPayments.StartCheckoutAsync(order, $"{Request.Scheme}://{Request.Host}", User.Identity?.Name, cancellationToken);
                return url is not null ? Redirect(url) : RedirectToPage("/Orders/Payment", new { area = "Shop", number = order.Number, result = "unavailable" });
            }

            if (result.Outcome is OrderPlacement.Outcome.Placed or OrderPlacement.Outcome.AlreadyPlaced)
            {
                var awaitingCard = await db.Orders.AnyAsync(o => o.CustomerId == CustomerId && o.Number == result.OrderNumber && o.Status == OrderStatus.AwaitingPayment, cancellationToken);
                return awaitingCard
                    ? RedirectToPage("/Orders/Payment", new { area = "Shop", number = result.OrderNumber })
                    : RedirectToPage("/Orders/Details", new { area = "Shop", number = result.OrderNumber, placed = 1 });
            }

            foreach (var (field, message) in result.Errors)
            {
                if (result.Outcome == OrderPlacement.Outcome.PricesChanged)
                {
                    Notice = t[message];
                }
                else
                {
                    ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", t[message]);
                }
            }
        }

        await LoadAsync(cancellationToken);
        if (Cart.IsEmpty)
        {
            return RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        // The page that comes back shows today's prices; its form must say so, not what the last page showed.
        ModelState.Remove("Input.PricesShown");
        Input.PricesShown = Cart.PricesShown;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var customerTerms = await terms.ForAsync(CustomerId, cancellationToken);
        var (customer, rule, methods) = customerTerms;
        CreditLimit = customer.CreditLimit;
        AllowedPaymentMethods = methods;
        Rule = rule;
        Addresses = customer.Addresses.Where(a => a.Kind == AddressKind.Delivery).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).ToList();
        DeliveryOptions = customerTerms.DeliveryOptions;
        DropShip = customerTerms.DropShip;
        Cart = await carts.ViewAsync(UserId, CustomerId, cancellationToken);
        Quote = customerTerms.Quote(Cart, Input.DeliveryOptionCode);
        Standing = await limits.StandingAsync(UserId, cancellationToken);
    }
}
