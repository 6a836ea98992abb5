namespace Portal.Payments;

/// Which ways to pay a customer is offered: what is set for it (else its segment's default), without payment on
/// account when it has no credit line, and without card when Stripe is not configured.
public static class PaymentMethodPolicy
{
    public static PaymentMethods Allowed(PaymentMethods? forCustomer, PaymentMethods segmentDefault, decimal creditLimit, bool cardConfigured)
    {
        var allowed = forCustomer ?? segmentDefault;
        if (creditLimit <= 0)
        {
            allowed &= ~PaymentMethods.OnAccount;
        }

        if (!cardConfigured)
        {
            allowed &= ~PaymentMethods.Card;
        }

        return allowed;
    }

    public static PaymentMethods ToFlag(this Ordering.PaymentMethod method) =>
        method == Ordering.PaymentMethod.Card ? PaymentMethods.Card : PaymentMethods.OnAccount;
}
