using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Customers;
using Portal.Data;
using Portal.Payments;

namespace Portal.Ordering;

/// The terms a customer orders on: its segment's small-order rules and the payment methods it may use.
/// One place, so the cart, the checkout, order placement and the payment page can never disagree.
public sealed class CustomerTerms(PortalDbContext db, IOptions<StripeOptions> stripe)
{
    public sealed record Terms(Customer Customer, SegmentRule Rule, PaymentMethods PaymentMethods);

    public async Task<Terms> ForAsync(int customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).SingleAsync(c => c.Id == customerId, cancellationToken);
        var rule = await db.SegmentRules.AsNoTracking().SingleOrDefaultAsync(r => r.Segment == customer.Segment, cancellationToken)
            ?? new SegmentRule { Segment = customer.Segment };
        var methods = PaymentMethodPolicy.Allowed(customer.PaymentMethods, rule.PaymentMethods, customer.CreditLimit, stripe.Value.IsConfigured);
        return new Terms(customer, rule, methods);
    }
}
