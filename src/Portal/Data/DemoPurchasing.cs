using Microsoft.EntityFrameworkCore;
using Portal.Localization;
using Portal.Ordering;
using Portal.Pricing;
using Portal.Purchasing;
using Portal.Sales;

namespace Portal.Data;

/// Company purchasing in the demo, at Malerbetrieb Kunz: the buyer has an order limit and a monthly budget, one of
/// his orders waits for the company admin's approval, one quote request waits in inside sales' queue and one quote
/// is written and waits for the buyer. Written as rows in the seed's transaction (the services that place orders and
/// requests open transactions of their own) and without mails, so a first start sends nobody anything; prices and
/// totals come from the same price book and order rules the shop uses.
public sealed class DemoPurchasing(PortalDbContext db, PriceBook prices, CustomerTerms terms, PurchasingLimits limits, EscalationIntake intake, EscalationDesk desk, TimeProvider time)
{
    public const decimal BuyerOrderLimit = 250m;
    public const decimal BuyerMonthlyBudget = 1500m;

    public async Task SeedAsync(int kunzId, string buyerId, string clerkId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await limits.SetAsync(kunzId, buyerId, BuyerOrderLimit, BuyerMonthlyBudget, cancellationToken);
        await SeedOrderAwaitingApprovalAsync(kunzId, buyerId, now.AddHours(-3), cancellationToken);

        var buyer = await db.Users.Where(u => u.Id == buyerId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        await NewQuoteAsync(kunzId, buyerId, buyer, now.AddHours(-5), "Für den Neubau in der Wiehre brauchen wir bis Ende Januar 40 große Eimer. Geht da ein besserer Preis?",
            [("P110-3", 40)], cancellationToken);
        var written = await NewQuoteAsync(kunzId, buyerId, buyer, now.AddDays(-2), "Wir streichen ein ganzes Schulhaus: Grundierung und Abdeckband in Mengen.",
            [("P250-2", 24), ("P360-2", 30)], cancellationToken);

        // Inside sales answered the next morning, about 12 % below the tiers, valid for two weeks.
        var quotedAt = written.RequestedAt.AddHours(20);
        foreach (var item in written.Items)
        {
            item.QuotedUnitPrice = Money.Round(item.ListUnitPrice * 0.88m);
        }

        written.Status = QuoteStatus.Quoted;
        written.QuotedByUserId = clerkId;
        written.QuotedAt = quotedAt;
        written.ValidUntil = Dates.BusinessDay(quotedAt).AddDays(14);
        written.QuoteNote = "Gern zu diesem Preis, Lieferung in zwei Teilen möglich.";
        var escalation = await db.Escalations.SingleAsync(e => e.Id == written.EscalationId, cancellationToken);
        desk.Close(escalation, EscalationOutcome.Quoted, written.Number, clerkId, quotedAt);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// 30 buckets of wall paint, above the buyer's 250 € limit: placed a few hours ago, waiting for Karin Kunz.
    private async Task SeedOrderAwaitingApprovalAsync(int kunzId, string buyerId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var cart = await PricedAsync(kunzId, [("P110-2", 30)], cancellationToken);
        var customerTerms = await terms.ForAsync(kunzId, cancellationToken);
        var delivery = customerTerms.DeliveryOptions[0];
        var quote = customerTerms.Quote(cart, delivery.Code);
        var address = customerTerms.Customer.Addresses.Where(a => a.Kind == Customers.AddressKind.Delivery).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).First();
        var number = $"{Dates.ToBusinessTime(at):yyyy}-{await db.TakeNextAsync(NumberSequences.Orders, cancellationToken):D6}";
        var request = new OrderPlacement.Request($"demo-approval-{number}", address.Id, delivery.Code, "Baustelle Wiehre", null, null);
        var order = OrderPlacement.NewOrder(buyerId, kunzId, request, cart, address, delivery, quote, number, at);
        order.Status = OrderStatus.AwaitingApproval;

        var standing = await limits.StandingAsync(buyerId, cancellationToken);
        var finding = standing.Check(order.TotalNet) ?? throw new InvalidOperationException("The demo's order should be above the buyer's order limit.");
        db.Orders.Add(order);
        db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.Placed, at, buyerId));
        db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.ApprovalRequested, at, null));
        db.OrderApprovals.Add(new OrderApproval
        {
            Order = order,
            CustomerId = kunzId,
            RequestedByUserId = buyerId,
            RequestedAt = at,
            OverOrderLimit = finding.OverOrderLimit,
            BeyondBudget = finding.BeyondBudget,
            OrderLimit = finding.OrderLimit,
            BudgetLeft = finding.BudgetLeft,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Quote> NewQuoteAsync(int kunzId, string buyerId, string buyer, DateTimeOffset at, string note, (string Sku, int Quantity)[] lines, CancellationToken cancellationToken)
    {
        var cart = await PricedAsync(kunzId, lines, cancellationToken);
        var number = $"Q{Dates.ToBusinessTime(at):yyyy}-{await db.TakeNextAsync(NumberSequences.Quotes, cancellationToken):D6}";
        var escalation = intake.Add(EscalationType.QuoteRequest, kunzId, EscalationReasons.QuoteRequest.Format(number, buyer, note), raisedByUserId: buyerId);
        escalation.CreatedAt = at;
        escalation.DueAt = at + intake.Options.SlaFor(EscalationType.QuoteRequest);
        await db.SaveChangesAsync(cancellationToken);
        var quote = new Quote
        {
            Number = number,
            CustomerId = kunzId,
            RequestedByUserId = buyerId,
            RequestedAt = at,
            RequestNote = note,
            EscalationId = escalation.Id,
            Items = cart.Orderable.Select((line, index) => new QuoteItem
            {
                LineNumber = index + 1,
                PackSizeId = line.PackSizeId,
                Sku = line.Sku,
                Description = $"{line.ProductName} – {line.PackName}",
                Quantity = line.Quantity,
                ListUnitPrice = line.UnitPrice!.Value,
                TaxRate = line.TaxRate,
            }).ToList(),
        };
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return quote;
    }

    /// The lines as the shop would price them for Kunz now (the tiers of the customer's price list).
    private async Task<CartService.CartView> PricedAsync(int customerId, (string Sku, int Quantity)[] lines, CancellationToken cancellationToken)
    {
        var skus = lines.Select(l => l.Sku).ToList();
        var packs = await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku))
            .Select(s => new { s.Id, s.Sku, s.ProductId, Product = s.Product!.Name, Pack = s.Name, s.Product.BaseUnit, s.UnitsPerPack, s.Product.TaxRate, s.LeadTimeDays })
            .ToDictionaryAsync(s => s.Sku, cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, packs.Values.Select(p => p.Id), cancellationToken);
        return new CartService.CartView(lines.Select((line, index) =>
        {
            var pack = packs[line.Sku];
            var price = PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(pack.Id) ?? [], line.Quantity)
                ?? throw new InvalidOperationException($"{line.Sku} has no price for the demo customer.");
            return new CartService.LineView(-index - 1, pack.Id, pack.ProductId, pack.Sku, pack.Product, pack.Pack, pack.BaseUnit, pack.UnitsPerPack, line.Quantity, price, price, pack.TaxRate, pack.LeadTimeDays, true);
        }).ToList());
    }
}
