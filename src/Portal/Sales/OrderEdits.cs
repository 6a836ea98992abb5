using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;

namespace Portal.Sales;

/// Resolving an escalation by changing the order itself: quantities, prices, lines removed. The order proceeds with
/// the new totals, the buyer gets the changed confirmation, and the edit counts as a manual touch (the cost to
/// serve of a customer whose orders need fixing by hand).
public sealed class OrderEdits(PortalDbContext db, CustomerTerms terms, OrderMails mails, TimeProvider time)
{
    public const int MaxQuantity = 9999;
    public const decimal MaxUnitPrice = 1_000_000m;

    /// A line as the clerk left it; quantity 0 removes it.
    public sealed record LineChange(int LineId, int Quantity, decimal UnitPrice);

    /// An order can be edited while it is held, or confirmed on account and not yet shipped. A card order is paid
    /// for its amount already; changing it would need a refund or a second charge, so it is cancelled instead.
    public static bool CanEdit(Order order) =>
        order.Status == OrderStatus.AwaitingReview || (order.Status == OrderStatus.Confirmed && order.PaymentMethod == PaymentMethod.OnAccount);

    /// Prices as a clerk types them, read by NumberInput: "12,50" or "12.50", "1.234,50" or "1,234.50".
    public static decimal? ParsePrice(string? text, CultureInfo culture) =>
        NumberInput.TryParseAmount(text, culture, out var value) ? value : null;

    /// Applies the clerk's changes and resolves the escalation. Messages are translation keys; null means done.
    public async Task<string?> EditAsync(int escalationId, string userId, IReadOnlyList<LineChange> changes, string? reason, CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.Include(e => e.Order).ThenInclude(o => o!.Lines).SingleOrDefaultAsync(e => e.Id == escalationId, cancellationToken);
        if (Escalation.WhyNotWorkable(escalation, userId) is { } problem)
        {
            return problem;
        }

        if (escalation!.Order is not { } order || !CanEdit(order))
        {
            return "This order can no longer be edited.";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Please give the customer a reason for the change.";
        }

        if (changes.Any(c => c.Quantity is < 0 or > MaxQuantity))
        {
            return "Quantities must be between 0 and 9,999.";
        }

        if (changes.Any(c => c.UnitPrice is < 0 or > MaxUnitPrice))
        {
            return "Prices must be between 0 and 1,000,000.";
        }

        var byId = changes.GroupBy(c => c.LineId).ToDictionary(g => g.Key, g => g.Last());
        if (byId.Keys.Any(id => order.Lines.All(l => l.Id != id)))
        {
            return "The order has changed meanwhile. Please reload the page.";
        }

        // A bundle's contents are shipped at no price of their own and follow the bundle line.
        if (order.Lines.Any(l => l.BundleLineNumber is not null && byId.ContainsKey(l.Id)))
        {
            return "The contents of a bundle change with the bundle: change the bundle's quantity.";
        }

        var contents = order.Lines.Where(l => l.BundleLineNumber is not null).ToLookup(l => l.BundleLineNumber!.Value);
        var summary = new List<string>();
        foreach (var line in order.Lines.Where(l => l.BundleLineNumber is null).OrderBy(l => l.LineNumber).ToList())
        {
            if (!byId.TryGetValue(line.Id, out var change))
            {
                continue;
            }

            var price = Money.Round(change.UnitPrice);
            if (change.Quantity == 0)
            {
                summary.Add($"{line.Sku} removed ({line.Quantity} × {line.UnitPrice:0.00})");
                foreach (var removed in contents[line.LineNumber].Prepend(line))
                {
                    order.Lines.Remove(removed);
                    db.OrderLines.Remove(removed);
                }

                continue;
            }

            if (change.Quantity != line.Quantity)
            {
                summary.Add($"{line.Sku} quantity {line.Quantity} → {change.Quantity}");
                foreach (var item in contents[line.LineNumber])
                {
                    // Placed as (per bundle) × (bundles), so the division is exact.
                    item.Quantity = item.Quantity / line.Quantity * change.Quantity;
                }
            }

            if (price != line.UnitPrice)
            {
                summary.Add($"{line.Sku} unit price {line.UnitPrice:0.00} → {price:0.00}");
            }

            line.Quantity = change.Quantity;
            line.UnitPrice = price;
            line.LineNet = Money.Round(change.Quantity * price);
        }

        if (order.Lines.All(l => l.BundleLineNumber is not null))
        {
            return "At least one line must stay. To drop the whole order, reject it.";
        }

        if (summary.Count == 0)
        {
            return "Nothing was changed. Change a quantity or price, or choose another way to resolve.";
        }

        var renumbered = new Dictionary<int, int>();
        foreach (var line in order.Lines.OrderBy(l => l.LineNumber))
        {
            renumbered[line.LineNumber] = renumbered.Count + 1;
            line.LineNumber = renumbered.Count;
        }

        foreach (var item in order.Lines.Where(l => l.BundleLineNumber is not null))
        {
            item.BundleLineNumber = renumbered[item.BundleLineNumber!.Value];
        }

        // The surcharge follows the new subtotal under the customer's current small-order rules; delivery and the
        // drop-ship fee stay what the buyer was charged (no free-delivery waiver is re-decided). The minimum order
        // value is not enforced: the clerk agreed the change with the customer.
        var (_, rule, _) = await terms.ForAsync(order.CustomerId, cancellationToken);
        var quote = OrderRules.Quote(order.Lines.Select(l => new QuoteLine(l.PackSizeId ?? 0, l.Quantity, l.UnitPrice, l.TaxRate)).ToList(), rule, order.DeliveryNet, order.DropShipNet, deliveryFreeAboveThreshold: false);
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"total {order.TotalGross:0.00} → {quote.TotalGross:0.00} EUR"));
        order.SubtotalNet = quote.SubtotalNet;
        order.SurchargeNet = quote.SurchargeNet;
        order.DeliveryNet = quote.DeliveryNet;
        order.VatTotal = quote.VatTotal;
        order.TotalGross = quote.TotalGross;
        order.Status = OrderStatus.Confirmed;

        var now = time.GetUtcNow();
        var changeText = string.Join("; ", summary);
        escalation.Resolve(EscalationOutcome.Edited, EscalationIntake.Fit($"{reason.Trim()} ({changeText})", 1000), userId, now);
        db.Touches.Add(new Touch
        {
            CustomerId = order.CustomerId,
            Kind = TouchKind.ManualOrderEdit,
            At = now,
            UserId = userId,
            Note = EscalationIntake.Fit($"Order {order.Number} edited ({escalation.Type}): {reason.Trim()} – {changeText}", 2000),
        });
        await mails.EnqueueChangedAsync(order, reason.Trim(), escalation.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
