using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;
using Portal.Payments;
using Portal.Sales;

namespace Portal.Purchasing;

/// Quotes: a buyer asks from the cart (an escalation of its own type in inside sales' queue), a clerk writes the
/// quote (a touch: the escalation is resolved and logged), the buyer accepts it into an order at the quoted prices
/// through OrderPlacement (its checks, the company's approval rule and mails as for any order). Always within the
/// buyer's own company. Messages are translation keys.
public sealed class Quotes(
    PortalDbContext db,
    CartService carts,
    CustomerTerms terms,
    OrderPlacement placement,
    EscalationIntake intake,
    EscalationDesk desk,
    Outbox outbox,
    MailLinks links,
    TimeProvider time)
{
    public const int NoteMaxLength = 2000;

    public sealed record Outcome(string? Number, string? Error, OrderPlacement.Result? Placed = null)
    {
        public static Outcome Refused(string error) => new(null, error);
    }

    /// The cart's orderable pack sizes as a quote request, priced from the tiers as the buyer sees them now. The cart
    /// stays as it is (the buyer may still order it as it stands). Bundles are left out: they have a price of their own.
    public async Task<Outcome> RequestAsync(string userId, int customerId, string? note, CancellationToken cancellationToken)
    {
        var cart = await carts.ViewAsync(userId, customerId, cancellationToken);
        var lines = cart.Orderable.ToList();
        if (lines.Count == 0)
        {
            return Outcome.Refused("Your cart has no items a quote can be asked for.");
        }

        var buyer = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var number = $"Q{Dates.ToBusinessTime(now):yyyy}-{await db.TakeNextAsync(NumberSequences.Quotes, cancellationToken):D6}";
        var text = Clean(note);
        var escalation = intake.Add(EscalationType.QuoteRequest, customerId, EscalationReasons.QuoteRequest.Format(number, buyer, text ?? "–"), raisedByUserId: userId);
        await db.SaveChangesAsync(cancellationToken);
        var quote = new Quote
        {
            Number = number,
            CustomerId = customerId,
            RequestedByUserId = userId,
            RequestedAt = now,
            RequestNote = text,
            EscalationId = escalation.Id,
        };
        foreach (var line in lines)
        {
            quote.Items.Add(new QuoteItem
            {
                LineNumber = quote.Items.Count + 1,
                PackSizeId = line.PackSizeId,
                Sku = line.Sku,
                Description = $"{line.ProductName} – {line.PackName}",
                Quantity = line.Quantity,
                ListUnitPrice = line.UnitPrice!.Value,
                TaxRate = line.TaxRate,
            });
        }

        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(number, null);
    }

    /// The clerk's quote: a price per line (in line order), the last day it holds and a note. Can be written again
    /// until the buyer accepts it; the first writing resolves the quote request in the queue.
    public async Task<Outcome> WriteAsync(string number, string clerkId, IReadOnlyList<decimal?> prices, DateOnly? validUntil, string? note, CancellationToken cancellationToken)
    {
        var quote = await db.Quotes.Include(q => q.Items).SingleOrDefaultAsync(q => q.Number == number, cancellationToken);
        if (quote is null)
        {
            return Outcome.Refused("No quote has this number.");
        }

        if (quote.Status == QuoteStatus.Accepted)
        {
            return Outcome.Refused("This quote has already been accepted.");
        }

        var today = Dates.BusinessToday(time);
        var items = quote.Items.OrderBy(i => i.LineNumber).ToList();
        if (prices.Count != items.Count || prices.Any(p => p is not > 0))
        {
            return Outcome.Refused("Please give every line a price above zero.");
        }

        if (validUntil is not { } until || until < today || until > today.AddYears(1))
        {
            return Outcome.Refused("The quote must be valid from today up to one year.");
        }

        var now = time.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
        {
            items[i].QuotedUnitPrice = Math.Round(prices[i]!.Value, 4, MidpointRounding.AwayFromZero);
        }

        quote.Status = QuoteStatus.Quoted;
        quote.QuotedByUserId = clerkId;
        quote.QuotedAt = now;
        quote.ValidUntil = until;
        quote.QuoteNote = Clean(note);
        if (quote.EscalationId is { } escalationId
            && await db.Escalations.SingleOrDefaultAsync(e => e.Id == escalationId && e.Status == EscalationStatus.Open, cancellationToken) is { } escalation)
        {
            desk.Close(escalation, EscalationOutcome.Quoted, quote.Number, clerkId, now);
        }

        var buyer = await db.Users.AsNoTracking().Where(u => u.Id == quote.RequestedByUserId && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Language }).SingleOrDefaultAsync(cancellationToken);
        if (buyer is not null)
        {
            await outbox.EnqueueAsync(new QuoteReadyMail(buyer.DisplayName, quote.Number, until, links.To("/shop/quotes", new Dictionary<string, string?>())),
                buyer.Email!, buyer.DisplayName, buyer.Language, dedupeKey: $"quote-{quote.Number}-{now.UtcTicks}");
        }

        await db.SaveChangesAsync(cancellationToken);
        return new Outcome(quote.Number, null);
    }

    /// Places the quote's lines at the quoted prices, to the default delivery address with the first delivery
    /// option, on account where the company may pay so (else by card). Once: a second acceptance finds the order the
    /// first placed. An expired quote, or another company's, is refused.
    public async Task<Outcome> AcceptAsync(string userId, int customerId, string number, CancellationToken cancellationToken)
    {
        var quote = await db.Quotes.Include(q => q.Items).SingleOrDefaultAsync(q => q.Number == number && q.CustomerId == customerId, cancellationToken);
        if (quote is null)
        {
            return new Outcome(null, null);
        }

        if (quote.Status == QuoteStatus.Accepted)
        {
            return Outcome.Refused("This quote has already been accepted.");
        }

        if (quote.Status != QuoteStatus.Quoted)
        {
            return Outcome.Refused("This quote has not been written yet.");
        }

        if (quote.IsExpired(Dates.BusinessToday(time)))
        {
            return Outcome.Refused("This quote has expired. Please ask for a new one.");
        }

        var customerTerms = await terms.ForAsync(customerId, cancellationToken);
        var address = customerTerms.Customer.Addresses.Where(a => a.Kind == Customers.AddressKind.Delivery).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).FirstOrDefault();
        var lines = new CartService.CartView(quote.Items.OrderBy(i => i.LineNumber).Select(i => new CartService.LineView(
            -i.LineNumber, i.PackSizeId, 0, i.Sku, ProductPart(i.Description), PackPart(i.Description), "", 1, i.Quantity, i.QuotedUnitPrice, i.QuotedUnitPrice!.Value, i.TaxRate, 0, true)).ToList());
        var request = new OrderPlacement.Request(
            $"quote-{quote.Number}",
            address?.Id,
            customerTerms.DeliveryOptions.FirstOrDefault()?.Code,
            quote.Number,
            null,
            null,
            customerTerms.PaymentMethods.HasFlag(PaymentMethods.OnAccount) ? PaymentMethod.OnAccount : PaymentMethod.Card);
        var now = time.GetUtcNow();
        var escalation = quote.EscalationId is { } id ? await db.Escalations.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) : null;
        var placed = await placement.PlaceAsync(userId, customerId, request, cancellationToken, order =>
        {
            quote.Status = QuoteStatus.Accepted;
            quote.AcceptedByUserId = userId;
            quote.AcceptedAt = now;
            quote.Order = order;
            db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.PlacedFromQuote, now, userId, quote.Number));

            // The quote was handled by a clerk: the order it became counts as touched, not touchless.
            if (escalation is not null)
            {
                escalation.Order = order;
            }
        }, lines);
        return placed.Outcome is OrderPlacement.Outcome.Placed or OrderPlacement.Outcome.AlreadyPlaced
            ? new Outcome(placed.OrderNumber, null, placed)
            : Outcome.Refused(placed.Errors.Values.FirstOrDefault() ?? "The order could not be placed.");
    }

    // The item keeps "product – pack" as the buyer saw it; the order writes its lines the same way from the two parts.
    private static string ProductPart(string description) => description.LastIndexOf(" – ", StringComparison.Ordinal) is var at and > 0 ? description[..at] : description;

    private static string PackPart(string description) => description.LastIndexOf(" – ", StringComparison.Ordinal) is var at and > 0 ? description[(at + 3)..] : "";

    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > NoteMaxLength ? t[..NoteMaxLength] : text.Trim();
}
