using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Ordering;
using Portal.Payments;
using Portal.Reordering;

namespace Portal.Sales;

/// Inside sales entering a customer's phone order. Nothing here prices or checks on its own: the rows go through
/// the quick order's checks (article number, quantity, the customer's catalog) into the clerk's cart, which the
/// shop's CartService prices for that customer, and OrderPlacement places it with the customer's terms, channel
/// Phone, the confirmation to the company's users and the touch in the order's transaction.
///
/// The clerk's cart is scratch space for one request: the form carries the rows, the cart is rebuilt from them on
/// every submission and emptied afterwards, so a clerk switching between customers never mixes their articles.
public sealed class OrderOnBehalf(PortalDbContext db, QuickOrder quickOrder, CartService carts, OrderPlacement placement, CustomerTerms terms)
{
    public sealed record Priced(
        IReadOnlyList<CartService.LineView> Lines,
        OrderQuote Quote,
        IReadOnlyList<QuickOrder.Row> Invalid,
        IReadOnlyList<QuickOrder.Merge> Merged);

    public sealed record Placed(Priced Priced, OrderPlacement.Result? Result);

    public async Task<Priced> PriceAsync(string clerkId, int customerId, IReadOnlyList<QuickOrder.Row> rows, string? deliveryOptionCode, CancellationToken cancellationToken)
    {
        try
        {
            return await FillAsync(clerkId, customerId, rows, deliveryOptionCode, cancellationToken);
        }
        finally
        {
            await ClearAsync(clerkId, cancellationToken);
        }
    }

    /// Places the order only when every row is good; otherwise answers the rows with their messages and places nothing.
    public async Task<Placed> PlaceAsync(string clerkId, string clerkName, int customerId, IReadOnlyList<QuickOrder.Row> rows, OrderPlacement.Request request, CancellationToken cancellationToken)
    {
        try
        {
            var priced = await FillAsync(clerkId, customerId, rows, request.DeliveryOptionCode, cancellationToken);
            if (priced.Invalid.Count > 0 || priced.Lines.Count == 0)
            {
                return new Placed(priced, null);
            }

            var result = await placement.PlaceAsync(clerkId, customerId, request with { Channel = OrderChannel.Phone, PaymentMethod = PaymentMethod.OnAccount }, cancellationToken,
                order => db.Touches.Add(new Touch
                {
                    CustomerId = customerId,
                    Kind = TouchKind.OrderOnBehalf,
                    At = order.PlacedAt,
                    UserId = clerkId,
                    Note = TouchNotes.OrderTakenOnThePhone(order.Number, clerkName, order.Lines.Count, order.TotalGross),
                }));
            return new Placed(priced, result);
        }
        finally
        {
            await ClearAsync(clerkId, cancellationToken);
        }
    }

    private async Task<Priced> FillAsync(string clerkId, int customerId, IReadOnlyList<QuickOrder.Row> rows, string? deliveryOptionCode, CancellationToken cancellationToken)
    {
        await ClearAsync(clerkId, cancellationToken);
        var outcome = await quickOrder.AddToCartAsync(clerkId, customerId, rows, OrderChannel.Phone, cancellationToken);
        var view = await carts.ViewAsync(clerkId, customerId, cancellationToken);
        var customerTerms = await terms.ForAsync(customerId, cancellationToken);
        var invalid = outcome.Invalid.Select(r => r with { Message = ForClerk(r.Message) }).ToList();
        return new Priced(view.Orderable.ToList(), customerTerms.Quote(view, deliveryOptionCode), invalid, outcome.Merged);
    }

    private async Task ClearAsync(string clerkId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == clerkId)).ExecuteDeleteAsync(CancellationToken.None);
        await db.Carts.Where(c => c.UserId == clerkId).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// The quick order speaks to the buyer ("your catalog"); the clerk is ordering for someone else.
    private static string? ForClerk(string? message) => message switch
    {
        "This article is not in your catalog." or "This pack size is not available to you." => "This article is not in this customer's catalog.",
        "This pack size has no price for you yet; please contact us." => "This article has no price for this customer yet.",
        _ => message,
    };
}
