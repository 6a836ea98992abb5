using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Ordering;

/// The number on the header's cart link, on every page a buyer opens. A service of its own so that the layout does
/// not build CartService with its catalog access and price book for every request, and a compiled query so that EF
/// does not translate the LINQ again each time. Scoped to the request: a page that reads the count along with its
/// own data in one query (the product page) hands it over with Known, and the layout does not ask again.
public sealed class CartLineCount(PortalDbContext db)
{
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<int>>> Query = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string userId, CancellationToken _) =>
            db.Carts.Where(c => c.UserId == userId).Sum(c => c.Lines.Count + c.Bundles.Count)));

    private int? known;

    public Task<int> OfAsync(string userId, CancellationToken cancellationToken) =>
        known is { } count ? Task.FromResult(count) : Of(db, userId, cancellationToken);

    /// The signed-in buyer's count as a page read it in this request, before anything in the request changed the cart.
    public void Known(int count) => known = count;

    internal static Task<int> Of(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        Query.For(db)(db, userId, cancellationToken);
}
