using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Ordering;
using Portal.Sales;
using Stripe;
using Stripe.Checkout;
using PaymentMethod = Portal.Ordering.PaymentMethod;

namespace Portal.Payments;

/// Card payment through Stripe Checkout: a session per attempt, the outcome only from verified webhooks, each
/// event applied once, and refunds when a paid order is cancelled.
public sealed class CardPayments(PortalDbContext db, OrderMails mails, EscalationIntake intake, CustomerTerms terms, IOptions<StripeOptions> options, TimeProvider time, ILogger<CardPayments> logger)
{
    private StripeOptions Options => options.Value;

    private StripeClient Client => new(new StripeClientOptions
    {
        ApiKey = Options.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(Options.ApiBase) ? null : Options.ApiBase,
    });

    /// Cents, as Stripe counts: the order's gross total exactly (amounts are rounded to cents when the order is made).
    public static long ToCents(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    public enum PayAgainOutcome
    {
        ToStripe,
        NotFound,
        NotWaiting,
        Unavailable,
    }

    /// From the payment page: the buyer pays an order that still waits for its money by card (again, or instead of
    /// the method chosen before), when the customer may pay by card. Url is where to send the buyer (ToStripe).
    public async Task<(PayAgainOutcome Outcome, string? Url)> PayAgainAsync(int customerId, string orderNumber, string baseUrl, string? customerEmail, CancellationToken cancellationToken)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.CustomerId == customerId && o.Number == orderNumber, cancellationToken);
        if (order is null)
        {
            return (PayAgainOutcome.NotFound, null);
        }

        var lastPayment = await db.Payments.Where(p => p.OrderId == order.Id).OrderByDescending(p => p.Id).Select(p => (PaymentStatus?)p.Status).FirstOrDefaultAsync(cancellationToken);
        var allowed = (await terms.ForAsync(customerId, cancellationToken)).PaymentMethods;
        if (order.Status != OrderStatus.AwaitingPayment || lastPayment == PaymentStatus.Paid || !allowed.HasFlag(PaymentMethods.Card))
        {
            return (PayAgainOutcome.NotWaiting, null);
        }

        order.PaymentMethod = PaymentMethod.Card;
        await db.SaveChangesAsync(cancellationToken);
        var url = await StartCheckoutAsync(order, baseUrl, customerEmail, cancellationToken);
        return url is null ? (PayAgainOutcome.Unavailable, null) : (PayAgainOutcome.ToStripe, url);
    }

    /// Creates a Checkout Session for an order awaiting payment and returns the address to send the buyer to, or
    /// null when Stripe cannot be reached: the order keeps waiting and its payment page lets the buyer try again or
    /// choose another method, so nothing is lost. The one place a payment-provider error is caught on the way out.
    public async Task<string?> StartCheckoutAsync(Order order, string baseUrl, string? customerEmail, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateSessionAsync(order, baseUrl, customerEmail, cancellationToken);
        }
        catch (StripeException e)
        {
            logger.LogWarning(e, "Stripe could not start the payment of order {Number}; the buyer can try again from the payment page", order.Number);
            return null;
        }
    }

    /// The idempotency key names the order and the attempt, so a retried request never makes a second session.
    private async Task<string> CreateSessionAsync(Order order, string baseUrl, string? customerEmail, CancellationToken cancellationToken)
    {
        if (order.Status != OrderStatus.AwaitingPayment || order.PaymentMethod != PaymentMethod.Card)
        {
            throw new InvalidOperationException($"Order {order.Number} is not awaiting a card payment.");
        }

        var attempt = await db.Payments.CountAsync(p => p.OrderId == order.Id, cancellationToken) + 1;
        var returnBase = (string.IsNullOrWhiteSpace(Options.PublicBaseUrl) ? baseUrl : Options.PublicBaseUrl).TrimEnd('/');
        var returnPage = $"{returnBase}/shop/orders/{Uri.EscapeDataString(order.Number)}/payment";
        var metadata = new Dictionary<string, string>
        {
            ["order_id"] = order.Id.ToString(CultureInfo.InvariantCulture),
            ["order_number"] = order.Number,
        };
        var session = await new SessionService(Client).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = order.Number,
                CustomerEmail = customerEmail,
                Currency = "eur",
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "eur",
                            UnitAmount = ToCents(order.TotalGross),
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"Order {order.Number} (incl. VAT)" },
                        },
                    },
                ],
                Metadata = metadata,
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
                SuccessUrl = returnPage + "?result=success",
                CancelUrl = returnPage + "?result=cancel",
            },
            new RequestOptions { IdempotencyKey = $"portal-order-{order.Id}-attempt-{attempt}" },
            cancellationToken);

        var now = time.GetUtcNow();
        db.Payments.Add(new Payment
        {
            OrderId = order.Id,
            SessionId = session.Id,
            AmountCents = ToCents(order.TotalGross),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Checkout session {SessionId} created for order {Number} (attempt {Attempt})", session.Id, order.Number, attempt);
        return session.Url;
    }

    public enum WebhookOutcome
    {
        Applied,
        AlreadyProcessed,
        Ignored,
    }

    /// Applies a verified event. The event id is stored in the same transaction as its effect, so a redelivery,
    /// a replay or two deliveries at once change the order at most once.
    public async Task<WebhookOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken))
        {
            return WebhookOutcome.AlreadyProcessed;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ProcessedWebhookEvents.Add(new ProcessedWebhookEvent { Id = stripeEvent.Id, Type = stripeEvent.Type, ProcessedAt = time.GetUtcNow() });
        var applied = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted => await SessionCompletedAsync((Session)stripeEvent.Data.Object, cancellationToken),
            EventTypes.CheckoutSessionAsyncPaymentSucceeded => await SessionCompletedAsync((Session)stripeEvent.Data.Object, cancellationToken),
            EventTypes.CheckoutSessionExpired => await SessionExpiredAsync((Session)stripeEvent.Data.Object, cancellationToken),
            EventTypes.PaymentIntentPaymentFailed => await PaymentFailedAsync((PaymentIntent)stripeEvent.Data.Object, cancellationToken),
            _ => false,
        };
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // The same event arrived twice at once; the other delivery stored it first.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await db.ProcessedWebhookEvents.AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken))
            {
                return WebhookOutcome.AlreadyProcessed;
            }

            throw;
        }

        return applied ? WebhookOutcome.Applied : WebhookOutcome.Ignored;
    }

    private async Task<bool> SessionCompletedAsync(Session session, CancellationToken cancellationToken)
    {
        var payment = await PaymentForSessionAsync(session.Id, cancellationToken);
        if (payment is null || session.PaymentStatus != "paid")
        {
            return false;
        }

        if (session.AmountTotal is { } paid && paid != payment.AmountCents)
        {
            // Never confirm an order for a different amount than it costs; inside sales looks at it.
            payment.Status = PaymentStatus.Failed;
            payment.FailureMessage = $"Paid {paid} cents, expected {payment.AmountCents}.";
            Escalate(payment.Order!, EscalationType.PaymentFailed, $"Card payment for order {payment.Order!.Number} does not match its total: {payment.FailureMessage}");
            return true;
        }

        payment.Status = PaymentStatus.Paid;
        payment.PaymentIntentId = session.PaymentIntentId;
        payment.UpdatedAt = time.GetUtcNow();
        if (payment.Order!.Status == OrderStatus.AwaitingPayment)
        {
            payment.Order.Status = OrderStatus.Confirmed;
            await db.Entry(payment.Order).Collection(o => o.Lines).LoadAsync(cancellationToken);
            await mails.EnqueueConfirmationAsync(payment.Order, cancellationToken);
        }

        return true;
    }

    private async Task<bool> SessionExpiredAsync(Session session, CancellationToken cancellationToken)
    {
        var payment = await PaymentForSessionAsync(session.Id, cancellationToken);
        if (payment is null || payment.Status != PaymentStatus.Pending)
        {
            return false;
        }

        // The order stays awaiting payment: the buyer can pay again or choose another allowed method.
        payment.Status = PaymentStatus.Expired;
        payment.UpdatedAt = time.GetUtcNow();
        return true;
    }

    private async Task<bool> PaymentFailedAsync(PaymentIntent intent, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.Include(p => p.Order).Where(p => p.PaymentIntentId == intent.Id).FirstOrDefaultAsync(cancellationToken);
        if (payment is null && intent.Metadata.TryGetValue("order_id", out var orderIdText) && int.TryParse(orderIdText, CultureInfo.InvariantCulture, out var orderId))
        {
            payment = await db.Payments.Include(p => p.Order).Where(p => p.OrderId == orderId).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (payment is null)
        {
            return false;
        }

        payment.Status = PaymentStatus.Failed;
        payment.PaymentIntentId ??= intent.Id;
        payment.FailureMessage = intent.LastPaymentError?.Message is { Length: > 0 } message ? message[..Math.Min(message.Length, 500)] : "The card payment failed.";
        payment.UpdatedAt = time.GetUtcNow();
        Escalate(payment.Order!, EscalationType.PaymentFailed, $"Card payment for order {payment.Order!.Number} failed: {payment.FailureMessage}");
        return true;
    }

    /// Cancels a paid card order with a full refund through Stripe; the order shows it.
    public async Task RefundAsync(Order order, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.Where(p => p.OrderId == order.Id && p.Status == PaymentStatus.Paid).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Order {order.Number} has no paid card payment to refund.");
        var refund = await new RefundService(Client).CreateAsync(
            new RefundCreateOptions { PaymentIntent = payment.PaymentIntentId, Amount = payment.AmountCents, Metadata = new() { ["order_number"] = order.Number } },
            new RequestOptions { IdempotencyKey = $"portal-refund-{payment.Id}" },
            cancellationToken);
        payment.Status = PaymentStatus.Refunded;
        payment.RefundId = refund.Id;
        payment.UpdatedAt = time.GetUtcNow();
    }

    private Task<Payment?> PaymentForSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        db.Payments.Include(p => p.Order).SingleOrDefaultAsync(p => p.SessionId == sessionId, cancellationToken);

    private void Escalate(Order order, EscalationType type, string reason) =>
        intake.Add(type, order.CustomerId, reason, orderId: order.Id);
}
