using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Payments;
using Portal.Sales;

namespace Portal.Ordering;

/// Turns a buyer's cart into an order: prices recomputed on the server, small-order rules applied, the credit
/// limit checked, exactly once per checkout form however often it is submitted.
public sealed class OrderPlacement(PortalDbContext db, CartService carts, CustomerTerms terms, OrderMails mails, EscalationIntake intake, Purchasing.PurchasingLimits limits, Api.Webhooks webhooks, TimeProvider time, ILogger<OrderPlacement> logger)
{
    public sealed record Request(
        string IdempotencyKey,
        int? DeliveryAddressId,
        string? DeliveryOptionCode,
        string? CustomerReference,
        DateOnly? RequestedDeliveryDate,
        string? Comment,
        PaymentMethod PaymentMethod = PaymentMethod.OnAccount,
        OrderChannel? Channel = null,
        bool CommentNeedsAttention = false);

    public enum Outcome
    {
        Placed,
        AlreadyPlaced,
        PricesChanged,
        Refused,
    }

    /// Errors are keyed by the form field they belong to ("" for the whole form); texts are translation keys.
    public sealed record Result(Outcome Outcome, string? OrderNumber, IReadOnlyDictionary<string, string> Errors, int? OrderId = null)
    {
        public static Result Refuse(string field, string message) => new(Outcome.Refused, null, new Dictionary<string, string> { [field] = message });
    }

    /// alsoSave: more changes that belong to the order (the touch of an order taken on the phone), saved in the
    /// order's transaction. lines: what to order instead of the user's cart, at the prices given (an accepted quote);
    /// the cart is left as it is then.
    public async Task<Result> PlaceAsync(string userId, int customerId, Request request, CancellationToken cancellationToken, Action<Order>? alsoSave = null, CartService.CartView? lines = null)
    {
        if (await ExistingOrderNumberAsync(customerId, request.IdempotencyKey, cancellationToken) is { } existing)
        {
            return new Result(Outcome.AlreadyPlaced, existing, new Dictionary<string, string>());
        }

        // Lines and the delivery method are written in the language of the person placing the order, as they saw
        // them; mails name the articles in each recipient's own language (OrderMails).
        var cart = lines ?? await carts.ViewAsync(userId, customerId, cancellationToken);
        if (cart.IsEmpty)
        {
            return Result.Refuse("", "Your cart is empty.");
        }

        if (cart.HasUnavailable)
        {
            return Result.Refuse("", "Some items in your cart can no longer be ordered. Please remove them in the cart first.");
        }

        if (cart.HasPriceChanges)
        {
            // The buyer sees the new prices on the page that comes back and places the order again.
            await carts.AcceptPricesAsync(userId, customerId, cancellationToken);
            return new Result(Outcome.PricesChanged, null, new Dictionary<string, string> { [""] = "Prices have changed since you added these items. Please check the new prices and place the order again." });
        }

        var customerTerms = await terms.ForAsync(customerId, cancellationToken);
        var customer = customerTerms.Customer;
        var address = customer.Addresses.SingleOrDefault(a => a.Id == request.DeliveryAddressId && a.Kind == AddressKind.Delivery);
        var delivery = customerTerms.Delivery(request.DeliveryOptionCode);
        var quote = customerTerms.Quote(cart, request.DeliveryOptionCode);
        var errors = Check(request, cart, customerTerms, address, delivery, quote);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Refused, null, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var sequence = await db.TakeNextAsync(NumberSequences.Orders, cancellationToken);
            var order = NewOrder(userId, customerId, request, cart, address!, delivery!, quote, $"{Dates.ToBusinessTime(now):yyyy}-{sequence:D6}", now);
            db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.Placed, now, userId));

            // The customer's own rule first: above the buyer's order limit or beyond the month's budget, the order
            // waits for the company admin, and the seller's checks (credit, payment) run when it is approved. The
            // buyer is held first, so of two orders placed at the same instant the second counts the first.
            await limits.HoldBuyerAsync(userId, cancellationToken);
            if ((await limits.StandingAsync(userId, cancellationToken)).Check(order.TotalNet) is { } finding)
            {
                await limits.RequestApprovalAsync(order, finding, cancellationToken);
            }
            else
            {
                await SettleAsync(order, customer.CreditLimit, cancellationToken);
            }

            if (request.CommentNeedsAttention && order.Comment is not null)
            {
                // A comment is information, not a reason to stop the order (most are "please deliver to the back
                // door"); the clerk reads it before picking and can still edit the order or call.
                intake.Add(EscalationType.OrderComment, customerId, EscalationReasons.OrderComment.Format(order.Number, order.Comment!), order, raisedByUserId: userId);
            }

            db.Orders.Add(order);
            webhooks.Raise(Api.WebhookEvents.OrderPlaced, customerId, Api.Webhooks.OrderData(order));
            alsoSave?.Invoke(order);
            if (lines is null)
            {
                await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId)).ExecuteDeleteAsync(cancellationToken);
                await db.CartBundles.Where(b => db.Carts.Any(c => c.Id == b.CartId && c.UserId == userId)).ExecuteDeleteAsync(cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Order {Number} placed for customer {CustomerId} ({Status})", order.Number, customerId, order.Status);
            return new Result(Outcome.Placed, order.Number, new Dictionary<string, string>(), order.Id);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Two submissions of the same form raced; the unique key let one through. Show the buyer that one.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await ExistingOrderNumberAsync(customerId, request.IdempotencyKey, cancellationToken) is { } raced)
            {
                return new Result(Outcome.AlreadyPlaced, raced, new Dictionary<string, string>());
            }

            throw;
        }
    }

    /// The seller's side of placing an order, in the caller's unit of work: a card order waits for the payment (an
    /// unusual value is escalated, not held); on account the credit limit and the unusual-value rule may hold it for
    /// inside sales. Every order but one waiting for a card payment gets its confirmation mail.
    private async Task SettleAsync(Order order, decimal creditLimit, CancellationToken cancellationToken)
    {
        var unusual = await UnusualValueAsync(order.CustomerId, order.Id == 0 ? null : order.Id, order.SubtotalNet, cancellationToken);
        if (order.PaymentMethod == PaymentMethod.Card)
        {
            // Paid up front: no credit question. The order waits for Stripe's confirmation. An unusual value is
            // escalated but not held: the buyer has just confirmed the amount on Stripe's page, so a typo is
            // unlikely, and a hold would stop an order that is already paid for. Inside sales can still call.
            order.Status = OrderStatus.AwaitingPayment;
            if (unusual is not null)
            {
                intake.Add(EscalationType.UnusualOrderValue, order.CustomerId, UnusualReason(order, unusual), order);
            }

            // A card order is confirmed by mail once Stripe reports the payment.
            return;
        }

        var openReceivables = await OpenReceivablesAsync(order.CustomerId, cancellationToken);
        HoldForReview(order, creditLimit, openReceivables, unusual);
        await mails.EnqueueConfirmationAsync(order, cancellationToken);
    }

    /// An order the company admin approved is placed for real, as if it had just been placed: the credit limit, the
    /// unusual-value rule, the card payment and the mails as usual. In the caller's unit of work.
    public async Task ReleaseAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Status != OrderStatus.AwaitingApproval)
        {
            throw new InvalidOperationException($"Order {order.Number} is not awaiting approval.");
        }

        await db.Entry(order).Collection(o => o.Lines).LoadAsync(cancellationToken);
        var customerTerms = await terms.ForAsync(order.CustomerId, cancellationToken);
        await SettleAsync(order, customerTerms.Customer.CreditLimit, cancellationToken);
    }

    /// What stops an order before anything is written; keys are the form's fields ("" for the whole form), values
    /// English messages the page translates.
    private Dictionary<string, string> Check(Request request, CartService.CartView cart, CustomerTerms.Terms customerTerms, CustomerAddress? address, CustomerTerms.OfferedModule? delivery, OrderQuote quote)
    {
        var errors = new Dictionary<string, string>();
        if (customerTerms.Customer.IsBlocked)
        {
            // Set by the ERP (e.g. for unpaid invoices): nothing to choose differently on the form.
            errors[""] = "Your company's account is blocked for new orders. Please contact us.";
            return errors;
        }

        if (address is null)
        {
            errors["DeliveryAddressId"] = "Please choose a delivery address.";
        }

        // Only what the segment may book: another segment's option is refused like one that does not exist.
        if (delivery is null)
        {
            errors["DeliveryOptionCode"] = "Please choose a delivery option.";
        }

        if (cart.DropShipPartners.Count > 0 && customerTerms.DropShip is null)
        {
            errors[""] = "Some items are delivered directly by a partner, which is not available for your company. Please remove them from the cart.";
        }

        var today = DateOnly.FromDateTime(Dates.ToBusinessTime(time.GetUtcNow()).DateTime);
        if (request.RequestedDeliveryDate is { } wanted && (wanted < today.AddDays(1) || wanted > today.AddYears(1)))
        {
            errors["RequestedDeliveryDate"] = "The requested delivery date must be between tomorrow and one year from now.";
        }

        if (request.CommentNeedsAttention && string.IsNullOrWhiteSpace(request.Comment))
        {
            errors["Comment"] = "Please write what needs attention, or untick the box.";
        }

        if (!customerTerms.PaymentMethods.HasFlag(request.PaymentMethod.ToFlag()))
        {
            errors["PaymentMethod"] = "Please choose one of the payment methods offered to you.";
        }

        if (quote.BelowMinimum)
        {
            errors[""] = "The minimum order value has not been reached yet.";
        }

        return errors;
    }

    /// The order as the cart and the checkout form describe it, lines in cart order, each bundle as one priced line
    /// followed by its pack sizes at no price of their own (the order says what was bought as a bundle and what is
    /// shipped). Lines keep the placer's language, as they saw them.
    /// The order as the buyer placed it (also the demo's, which is written in the seed's own transaction).
    internal static Order NewOrder(string userId, int customerId, Request request, CartService.CartView cart, CustomerAddress address, CustomerTerms.OfferedModule delivery, OrderQuote quote, string number, DateTimeOffset now)
    {
        var order = new Order
        {
            Number = number,
            CustomerId = customerId,
            PlacedByUserId = userId,
            PlacedAt = now,
            Channel = request.Channel ?? OrderChannels.FromCart(cart.Orderable.Select(l => l.Source)),
            PaymentMethod = request.PaymentMethod,
            CustomerReference = Clean(request.CustomerReference, 64),
            Comment = Clean(request.Comment, 2000),
            RequestedDeliveryDate = request.RequestedDeliveryDate,
            DeliveryAddress = address.ToString(),
            DeliveryMethod = delivery.Module.LocalName,
            IdempotencyKey = request.IdempotencyKey,
            SubtotalNet = quote.SubtotalNet,
            SurchargeNet = quote.SurchargeNet,
            DeliveryNet = quote.DeliveryNet,
            DropShipNet = quote.DropShipNet,
            VatTotal = quote.VatTotal,
            TotalGross = quote.TotalGross,
        };
        foreach (var line in cart.Orderable)
        {
            order.Lines.Add(new OrderLine
            {
                LineNumber = order.Lines.Count + 1,
                PackSizeId = line.PackSizeId,
                Sku = line.Sku,
                Description = $"{line.ProductName} – {line.PackName}",
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice!.Value,
                TaxRate = line.TaxRate,
                LineNet = line.LineNet,
                PartnerName = line.PartnerName,
                PartnerLeadTimeDays = line.PartnerLeadTimeDays,
            });
        }

        // A bundle is one priced line followed by its pack sizes at no price of their own: the order says what
        // was bought as a bundle and what is shipped.
        foreach (var bundle in cart.OrderableBundles)
        {
            var bundleLine = order.Lines.Count + 1;
            order.Lines.Add(new OrderLine
            {
                LineNumber = bundleLine,
                Sku = bundle.Code,
                Description = bundle.Name,
                Quantity = bundle.Quantity,
                UnitPrice = bundle.UnitPrice!.Value,
                TaxRate = bundle.TaxRate,
                LineNet = bundle.LineNet,
            });
            foreach (var item in bundle.Items)
            {
                order.Lines.Add(new OrderLine
                {
                    LineNumber = order.Lines.Count + 1,
                    PackSizeId = item.PackSizeId,
                    Sku = item.Sku,
                    Description = $"{item.ProductName} – {item.PackName}",
                    Quantity = item.Quantity * bundle.Quantity,
                    UnitPrice = 0,
                    TaxRate = bundle.TaxRate,
                    LineNet = 0,
                    BundleLineNumber = bundleLine,
                });
            }
        }

        return order;
    }

    /// Switches an order that waits for a card payment to payment on account, when the customer may pay so:
    /// the buyer whose card payment was cancelled or failed is not stuck.
    public async Task<Result> SwitchToOnAccountAsync(int customerId, string orderNumber, CancellationToken cancellationToken)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.CustomerId == customerId && o.Number == orderNumber, cancellationToken);
        if (order is null || order.Status != OrderStatus.AwaitingPayment || await db.Payments.AnyAsync(p => p.OrderId == order.Id && p.Status == PaymentStatus.Paid, cancellationToken))
        {
            return Result.Refuse("", "This order is not waiting for a payment.");
        }

        var (customer, _, allowed) = await terms.ForAsync(customerId, cancellationToken);
        if (!allowed.HasFlag(PaymentMethods.OnAccount))
        {
            return Result.Refuse("", "Payment on account is not available for your company.");
        }

        var openReceivables = await OpenReceivablesAsync(customerId, cancellationToken);
        order.PaymentMethod = PaymentMethod.OnAccount;
        order.Status = OrderStatus.Confirmed;

        // On account the unusual-value rule holds the order. An escalation raised when the card order was placed
        // now holds it; no second one is raised for the same order.
        var escalated = await db.Escalations.AnyAsync(e => e.OrderId == order.Id && e.Type == EscalationType.UnusualOrderValue && e.Status == EscalationStatus.Open, cancellationToken);
        var unusual = await UnusualValueAsync(customerId, order.Id, order.SubtotalNet, cancellationToken);
        HoldForReview(order, customer.CreditLimit, openReceivables, unusual, alreadyEscalated: escalated);
        await db.Entry(order).Collection(o => o.Lines).LoadAsync(cancellationToken);
        await mails.EnqueueConfirmationAsync(order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new Result(Outcome.Placed, order.Number, new Dictionary<string, string>(), order.Id);
    }

    /// Over the credit limit, or far above the customer's usual order value, an on-account order is accepted but
    /// held: inside sales decides, the buyer is not turned away. An unusual value is held rather than only flagged
    /// because it is mostly a typo (10 buckets for 1) and a held order costs a short wait, a shipped one a return.
    /// Both at once make one escalation (credit limit, naming the unusual value too), so one decision releases it.
    private void HoldForReview(Order order, decimal creditLimit, decimal openReceivables, UnusualOrderValue.Finding? unusual, bool alreadyEscalated = false)
    {
        var overLimit = openReceivables + order.TotalGross > creditLimit;
        if (!overLimit && unusual is null)
        {
            order.Status = OrderStatus.Confirmed;
            return;
        }

        order.Status = OrderStatus.AwaitingReview;
        if (overLimit)
        {
            var (total, receivables, limit) = (EscalationReasons.Amount(order.TotalGross), EscalationReasons.Amount(openReceivables + order.TotalGross), EscalationReasons.Amount(creditLimit));
            var reason = unusual is null
                ? EscalationReasons.CreditLimit.Format(order.Number, total, receivables, limit)
                : EscalationReasons.CreditLimitAndUnusualOrderValue.Format(order.Number, total, receivables, limit, order.Number, EscalationReasons.Amount(order.SubtotalNet), Factor(unusual), EscalationReasons.Amount(unusual.Median));
            intake.Add(EscalationType.CreditLimit, order.CustomerId, reason, order);
        }
        else if (!alreadyEscalated)
        {
            intake.Add(EscalationType.UnusualOrderValue, order.CustomerId, UnusualReason(order, unusual!), order);
        }
    }

    private static string UnusualReason(Order order, UnusualOrderValue.Finding finding) =>
        EscalationReasons.UnusualOrderValue.Format(order.Number, EscalationReasons.Amount(order.SubtotalNet), Factor(finding), EscalationReasons.Amount(finding.Median));

    private static string Factor(UnusualOrderValue.Finding finding) => finding.Factor.ToString("0.0", CultureInfo.InvariantCulture);

    /// The customer's earlier orders (the last 50, cancelled ones left out) against this one's goods value.
    private async Task<UnusualOrderValue.Finding?> UnusualValueAsync(int customerId, int? exceptOrderId, decimal subtotalNet, CancellationToken cancellationToken)
    {
        var earlier = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.Id != exceptOrderId && o.Status != OrderStatus.Cancelled)
            .OrderByDescending(o => o.Id)
            .Take(50)
            .Select(o => o.SubtotalNet)
            .ToListAsync(cancellationToken);
        return UnusualOrderValue.Check(subtotalNet, earlier, intake.Options.UnusualOrderFactor, intake.Options.UnusualOrderMinOrders);
    }

    /// On-account orders not yet completed or cancelled: what the customer owes or will owe.
    public Task<decimal> OpenReceivablesAsync(int customerId, CancellationToken cancellationToken) =>
        db.Orders
            .Where(o => o.CustomerId == customerId && o.PaymentMethod == PaymentMethod.OnAccount
                && (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.Shipped || o.Status == OrderStatus.AwaitingReview))
            .SumAsync(o => o.TotalGross, cancellationToken);

    private Task<string?> ExistingOrderNumberAsync(int customerId, string key, CancellationToken cancellationToken) =>
        db.Orders.Where(o => o.CustomerId == customerId && o.IdempotencyKey == key).Select(o => o.Number).SingleOrDefaultAsync(cancellationToken);

    private static string? Clean(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > max ? t[..max] : text.Trim();
}
