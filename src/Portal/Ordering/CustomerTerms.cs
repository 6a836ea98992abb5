using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Customers;
using Portal.Data;
using Portal.Payments;
using Portal.ServiceModules;

namespace Portal.Ordering;

/// The terms a customer orders on: its segment's order rules (minimum order value, small-order surcharge,
/// free-delivery threshold), the service modules its segment may book at the segment's prices, and the payment
/// methods it may use. One place, so the cart, the checkout, order placement and the payment page can never disagree.
public sealed class CustomerTerms(PortalDbContext db, IOptions<StripeOptions> stripe)
{
    /// A module the customer's segment may book, at the segment's price.
    public sealed record OfferedModule(ServiceModule Module, decimal NetPrice)
    {
        public string Code => Module.Code;
    }

    public sealed record Terms(Customer Customer, SegmentRule Rule, PaymentMethods PaymentMethods)
    {
        public IReadOnlyList<OfferedModule> Modules { get; init; } = [];

        /// Exactly the delivery options configured for the segment, in the product manager's order.
        public IReadOnlyList<OfferedModule> DeliveryOptions => Modules.Where(m => m.Module.IsDelivery).ToList();

        /// The partner drop-ship module, when the segment may book it.
        public OfferedModule? DropShip => Modules.FirstOrDefault(m => m.Module.Kind == ModuleKind.DropShip);

        public OfferedModule? Delivery(string? code) => DeliveryOptions.FirstOrDefault(d => d.Code == code);

        /// The quote for a cart with a delivery option: the drop-ship fee once per partner that ships lines.
        public OrderQuote Quote(CartService.CartView cart, string? deliveryCode)
        {
            var delivery = Delivery(deliveryCode);
            var dropShip = cart.DropShipPartners.Count * (DropShip?.NetPrice ?? 0);
            return OrderRules.Quote(cart.QuoteLines, Rule, delivery?.NetPrice ?? 0, dropShip, delivery?.Module.Kind.FreeAboveThreshold() ?? true);
        }
    }

    public async Task<Terms> ForAsync(int customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).SingleAsync(c => c.Id == customerId, cancellationToken);
        var rule = await db.SegmentRules.AsNoTracking().SingleOrDefaultAsync(r => r.Segment == customer.Segment, cancellationToken)
            ?? new SegmentRule { Segment = customer.Segment };
        var methods = PaymentMethodPolicy.Allowed(customer.PaymentMethods, rule.PaymentMethods, customer.CreditLimit, stripe.Value.IsConfigured);
        var modules = await db.ServiceModules.AsNoTracking()
            .Where(m => m.IsActive && m.Kind != ModuleKind.Bundle && m.Prices.Any(p => p.Segment == customer.Segment))
            .Include(m => m.Prices)
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        return new Terms(customer, rule, methods)
        {
            Modules = modules.Select(m => new OfferedModule(m, m.PriceFor(customer.Segment)!.Value)).ToList(),
        };
    }
}
